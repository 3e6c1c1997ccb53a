import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containsChinese, joinPieces, textsToTranslate, type Piece } from '../../src/translate/pieces.js';
import { splitPrompt } from '../../src/translate/prompt-pieces.js';
import { splitResult } from '../../src/translate/result-pieces.js';

/** What is sent, and the text rebuilt with every sent piece replaced by ‹piece›. */
function cut(pieces: Piece[]): { sent: string[]; rebuilt: string } {
  const sent = textsToTranslate(pieces);
  return { sent, rebuilt: joinPieces(pieces, new Map(sent.map((text) => [text, `‹${text}›`]))) };
}

describe('containsChinese', () => {
  it('detects Han characters only', () => {
    assert.equal(containsChinese('a 猫'), true);
    assert.equal(containsChinese('a cat，--ar 16:9'), false);
  });
});

describe('splitPrompt', () => {
  it('keeps leading image URLs and the parameter tail, translates the --no words', () => {
    assert.deepEqual(cut(splitPrompt('https://a.example/1.png <https://a.example/2.png> 一只猫 在草地上 --ar 16:9 --no 红色 汽车 --v 6')), {
      sent: ['一只猫 在草地上', '红色 汽车'],
      rebuilt: 'https://a.example/1.png <https://a.example/2.png> ‹一只猫 在草地上› --ar 16:9 --no ‹红色 汽车› --v 6',
    });
  });

  it('keeps :: weights and sends each Chinese part of a multi-prompt', () => {
    assert.deepEqual(cut(splitPrompt('猫::2 狗::-0.5 bird:: 花::.5')), {
      sent: ['猫', '狗', '花'],
      rebuilt: '‹猫›::2 ‹狗›::-0.5 bird:: ‹花›::.5',
    });
  });

  it('leaves parameter values other than --no alone, even with Chinese in them', () => {
    assert.deepEqual(cut(splitPrompt('猫 --sref https://a.example/猫.png --no 狗')), {
      sent: ['猫', '狗'],
      rebuilt: '‹猫› --sref https://a.example/猫.png --no ‹狗›',
    });
  });

  it('recognises parameters typed with em dashes', () => {
    assert.deepEqual(cut(splitPrompt('一只猫 ——ar 16:9 —no 狗')), {
      sent: ['一只猫', '狗'],
      rebuilt: '‹一只猫› ——ar 16:9 —no ‹狗›',
    });
  });

  it('keeps a URL in the middle of the text', () => {
    assert.deepEqual(cut(splitPrompt('一只猫 https://a.example/x.png 在草地上')).sent, ['一只猫', '在草地上']);
  });

  it('sends nothing for English parts', () => {
    assert.deepEqual(cut(splitPrompt('a cat --no dog')).sent, []);
  });
});

describe('splitResult', () => {
  it('keeps describe numbering, --ar tails and links', () => {
    const describe = '1️⃣ A cat on the grass, [Jane Doe](https://goo.gl/search?artist%20Jane) style --ar 16:9 \n\n2️⃣ a dog --ar 1:1';
    assert.deepEqual(cut(splitResult(describe)), {
      sent: ['A cat on the grass,', 'style', 'a dog'],
      rebuilt: '1️⃣ ‹A cat on the grass,› [Jane Doe](https://goo.gl/search?artist%20Jane) ‹style› --ar 16:9 \n\n2️⃣ ‹a dog› --ar 1:1',
    });
  });

  it('keeps shorten headings as they are', () => {
    const shorten = '## Important tokens\n**cat** in the ~~style~~ of\n## Shortened prompts\n1️⃣ cat, grass\n\n5️⃣ cat';
    assert.deepEqual(cut(splitResult(shorten)), {
      sent: ['**cat** in the ~~style~~ of', 'cat, grass', 'cat'],
      rebuilt: '## Important tokens\n‹**cat** in the ~~style~~ of›\n## Shortened prompts\n1️⃣ ‹cat, grass›\n\n5️⃣ ‹cat›',
    });
  });
});
