/** Reads a banned-words list from disk: one entry per line, `#` starts a comment. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The list shipped with mj-proxy, used when `bannedWords.file` is empty. */
export const DEFAULT_BANNED_WORDS_PATH = fileURLToPath(new URL('../../assets/banned-words.txt', import.meta.url));

/** A `#` at the start of a line or after whitespace opens a comment; inside a word it is kept. */
const COMMENT = /(^|\s)#.*$/;

export function parseBannedWords(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(COMMENT, '').trim())
    .filter((line) => line !== '');
}

/** path empty or omitted: the shipped default list. A missing file is an error, not an empty list. */
export async function readBannedWordsFile(path?: string): Promise<string[]> {
  return parseBannedWords(await readFile(path || DEFAULT_BANNED_WORDS_PATH, 'utf8'));
}
