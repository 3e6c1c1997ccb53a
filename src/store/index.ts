export { openStore } from './open-store.js';
export type { Store, StoreHooks, StoreOptions } from './store.js';
export { createTaskStore } from './create-task-store.js';
export { RetentionPruner } from './retention-pruner.js';
export { DEFAULT_BANNED_WORDS_PATH, parseBannedWords, readBannedWordsFile } from './banned-words-file.js';
