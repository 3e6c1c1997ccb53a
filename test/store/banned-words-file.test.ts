import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBannedWords, readBannedWordsFile } from '../../src/store/banned-words-file.js';

test('one entry per line; comments, blank lines, BOM and CRLF are handled', () => {
  const text = '\uFEFF# heading\r\nnude\r\n\r\n  naked body  # why it is here\r\nc#\r\n  # indented comment\n裸体';
  assert.deepEqual(parseBannedWords(text), ['nude', 'naked body', 'c#', '裸体']);
});

test('a configured file replaces the shipped list; a missing one is an error', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mj-words-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'words.txt');
  await writeFile(path, 'alpha\nbeta\n');
  assert.deepEqual(await readBannedWordsFile(path), ['alpha', 'beta']);
  assert.ok((await readBannedWordsFile('')).includes('nude'));
  await assert.rejects(readBannedWordsFile(join(dir, 'missing.txt')), /ENOENT/);
});
