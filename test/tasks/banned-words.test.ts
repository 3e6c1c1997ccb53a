import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BannedWords } from '../../src/tasks/banned-words.js';
import { readBannedWordsFile } from '../../src/store/banned-words-file.js';

test('whole words only, case-insensitive, reported as written in the prompt', () => {
  const words = new BannedWords(['nude', 'Gore']);
  assert.equal(words.find('a NUDE statue'), 'NUDE');
  assert.equal(words.find('gore.'), 'gore');
  assert.equal(words.find('(nude:1.2)'), 'nude');
  assert.equal(words.find('denuded hills, Al Gore_ish, nudes2'), null);
  assert.equal(words.find('nudeé'), null, 'an accented letter continues the word');
  assert.equal(words.find(''), null);
});

test('entries are literal: regex metacharacters match themselves and cannot inject', () => {
  const words = new BannedWords(['a.b', 'c++', '(x|y)', 'see-through', '.*']);
  assert.equal(words.find('axb'), null);
  assert.equal(words.find('a.b here'), 'a.b');
  assert.equal(words.find('I like c++ code'), 'c++');
  assert.equal(words.find('x'), null);
  assert.equal(words.find('(x|y)'), '(x|y)');
  assert.equal(words.find('a See-Through dress'), 'See-Through');
  assert.equal(words.find('anything at all'), null);
});

test('multi-word entries match across spacing; the longest entry at a place wins', () => {
  const words = new BannedWords(['naked', 'naked body', 'xi jinping']);
  assert.equal(words.find('a naked   body'), 'naked   body');
  assert.equal(words.find('naked tree'), 'naked');
  assert.equal(words.find('portrait of Xi\nJinping'), 'Xi\nJinping');
  assert.equal(words.find('xijinping'), null);
});

test('entries in scripts without spaces match inside longer text; others keep word bounds', () => {
  const words = new BannedWords(['裸体', 'кровь']);
  assert.equal(words.find('一个裸体的人'), '裸体');
  assert.equal(words.find('КРОВЬ на снегу'), 'КРОВЬ');
  assert.equal(words.find('кровью'), null);
});

test('an empty list finds nothing', () => {
  assert.equal(new BannedWords([' ', '']).find('nude gore'), null);
});

test('the shipped list catches the obvious and spares ordinary prompts', async () => {
  const words = new BannedWords(await readBannedWordsFile());
  assert.ok((await readBannedWordsFile()).length >= 100);
  assert.equal(words.find('a nude woman'), 'nude');
  assert.equal(words.find('一个裸体的人'), '裸体');
  for (const prompt of [
    'an apple on a table, still life', '1girl, anime style, school uniform', 'blood orange juice, studio light',
    'a cracked wall', 'kill la kill poster', 'Isis the egyptian goddess', 'a bra-shaped cloud', 'bare trees in winter',
    'the Sussex coast', 'Essex countryside, unisex fashion', 'therapist office', 'a grape vine',
  ]) {
    assert.equal(words.find(prompt), null, prompt);
  }
});
