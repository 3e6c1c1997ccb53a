export { createTaskStore } from './create-task-store.js';
export { DEFAULT_BANNED_WORDS_PATH, parseBannedWords, readBannedWordsFile } from './banned-words-file.js';
