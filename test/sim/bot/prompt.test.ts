import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileStem, findBannedWord, isPromptProblem, parsePrompt, type ParsedPrompt } from '../../../src/sim/bot/prompt.js';

const rules = { defaultVersion: { niji: false, value: 7 } };

function parsed(raw: string, allowZoom = false): ParsedPrompt {
  const result = parsePrompt(raw, { ...rules, allowZoom });
  if (isPromptProblem(result)) throw new Error(`${result.title}: ${result.description}`);
  return result;
}

describe('prompt normalisation', () => {
  it('echoes the prompt as Midjourney does', () => {
    assert.equal(parsed('a red cat --v 7').echo, 'a red cat --v 7.0');
    assert.equal(parsed('a red  cat   --version 6.1 --aspect 3:2').echo, 'a red cat --v 6.1 --ar 3:2');
    assert.equal(parsed('cat --v 6.0 --relax').echo, 'cat --v 6.0');
    assert.equal(parsed('cat --tile --no dogs and birds --s 250').echo, 'cat --tile --no dogs and birds --s 250');
    assert.equal(parsed('a cat --niji 6').echo, 'a cat --niji 6');
  });

  it('is stable: a normalised prompt parses to itself', () => {
    const once = parsed('https://x.test/a.png <https://x.test/b.png> two cats --v 7 --ar 16:9 --fast');
    assert.equal(parsed(once.echo).echo, once.echo);
  });

  it('turns leading image links into s.mj.run links, the same URL into the same code', () => {
    const first = parsed('https://x.test/a.png a cat');
    const second = parsed('<https://x.test/a.png> a dog');
    assert.match(first.echo, /^<https:\/\/s\.mj\.run\/[A-Za-z0-9]{11}> a cat$/);
    assert.equal(first.links[0], second.links[0]);
    assert.equal(first.text, 'a cat');
  });

  it('reads mode, aspect, seed, version and zoom', () => {
    const p = parsed('a cat --turbo --ar 2:3 --seed 77 --niji', true);
    assert.equal(p.mode, 'turbo');
    assert.deepEqual(p.aspect, { w: 2, h: 3 });
    assert.equal(p.seed, 77);
    assert.deepEqual(p.version, { niji: true, value: 6 });
    assert.equal(parsed('a cat --zoom 1.5', true).zoom, 1.5);
    assert.equal(parsed('a cat').mode, undefined);
  });

  it('reports empty prompts and invalid parameters', () => {
    const problem = (raw: string, allowZoom = false) => {
      const result = parsePrompt(raw, { ...rules, allowZoom });
      return isPromptProblem(result) ? result.title : 'ok';
    };
    assert.equal(problem('   '), 'Empty prompt');
    assert.equal(problem('--ar 1:1'), 'Empty prompt');
    assert.equal(problem('https://a.test/1.png https://a.test/2.png'), 'ok');
    assert.equal(problem('cat --foo'), 'Invalid parameter');
    assert.equal(problem('cat --v 8'), 'Invalid parameter');
    assert.equal(problem('cat --ar 0:1'), 'Invalid parameter');
    assert.equal(problem('cat --s 5000'), 'Invalid parameter');
    assert.equal(problem('cat --tile yes'), 'Invalid parameter');
    assert.equal(problem('cat --zoom 2'), 'Invalid parameter');
    assert.equal(problem('cat --zoom 3', true), 'Invalid parameter');
  });

  it('finds banned words as whole words in any case', () => {
    assert.equal(findBannedWord('A Bloody mess', ['blood', 'bloody']), 'bloody');
    assert.equal(findBannedWord('bloodhound', ['blood']), undefined);
    assert.equal(findBannedWord('a big red car', ['red car']), 'red car');
  });

  it('names files <username>_<slug>', () => {
    assert.equal(fileStem('alice', 'a red cat, sitting!'), 'alice_a_red_cat_sitting');
    assert.ok(fileStem('alice', 'word '.repeat(40)).length <= 60);
    assert.equal(fileStem('bob.smith', ''), 'bob_smith');
  });
});
