import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayDispatch } from '../../src/discord/protocol/index.js';
import { parseDispatch, type ParseContext } from '../../src/midjourney/index.js';
import { CONTEXT, fixtureNames, loadFixture } from './fixture-helpers.js';

const ODD_VALUES: unknown[] = [undefined, null, 0, '', true, [], [null], { id: {} }];
/** Fewer shapes one level down, to keep the sweep fast. */
const NESTED_ODD_VALUES: unknown[] = [null, 1, 'x', [{}]];
const DISPATCHES = Object.values(GatewayDispatch);
const NESTED_SWEEP = [
  'imagine-progress', 'upscale-result', 'describe-result', 'shorten-result', 'info-pro', 'settings', 'prefer-remix',
  'seed-dm', 'show-result', 'error-action-needed', 'modal-create', 'captcha-iframe', 'insightface-swap',
];

/** Parses and fails the test on any exception the guard caught. */
function parseStrict(t: string, d: unknown): unknown[] {
  const errors: unknown[] = [];
  const context: ParseContext = { ...CONTEXT, onError: (error) => errors.push(error) };
  const events = parseDispatch(t, d, context);
  if (errors.length > 0) assert.fail(`${t} threw ${String(errors[0])} on ${JSON.stringify(d)?.slice(0, 200)}`);
  assert.ok(Array.isArray(events));
  return events;
}

/** Every way to break one key of an object: removed, or replaced by each odd value. */
function* mutations(d: Record<string, unknown>, values: unknown[]): Generator<Record<string, unknown>> {
  for (const key of Object.keys(d)) {
    const { [key]: _removed, ...rest } = d;
    yield rest;
    for (const value of values) yield { ...d, [key]: value };
  }
}

describe('malformed input', () => {
  it('answers [] for odd payloads of every dispatch type', () => {
    for (const t of [...DISPATCHES, 'UNKNOWN']) {
      for (const d of ODD_VALUES) assert.deepEqual(parseStrict(t, d), []);
    }
  });

  it('never throws on any fixture with any top-level key broken', () => {
    for (const name of fixtureNames()) {
      const { t, d } = loadFixture(name);
      for (const broken of mutations(d as Record<string, unknown>, ODD_VALUES)) parseStrict(t, broken);
    }
  });

  it('never throws with a key broken one level down, one fixture per parser', () => {
    for (const name of NESTED_SWEEP) {
      const { t, d } = loadFixture(name);
      const top = d as Record<string, unknown>;
      for (const [key, value] of Object.entries(top)) {
        const children = Array.isArray(value) ? value : [value];
        for (const child of children) {
          if (typeof child !== 'object' || child === null) continue;
          for (const broken of mutations(child as Record<string, unknown>, NESTED_ODD_VALUES)) {
            parseStrict(t, { ...top, [key]: Array.isArray(value) ? [broken] : broken });
          }
        }
      }
    }
  });

  it('survives broken components and embeds deep inside', () => {
    const { t, d } = loadFixture('imagine-final');
    const base = d as Record<string, unknown>;
    for (const odd of ODD_VALUES) {
      parseStrict(t, { ...base, components: [{ type: 1, components: [odd, { type: 2, custom_id: odd, emoji: odd, style: odd }] }] });
      parseStrict(t, { ...base, embeds: [{ title: odd, description: odd, footer: odd, image: { url: odd } }] });
      parseStrict(t, { ...base, attachments: [{ url: odd, filename: odd, content_type: odd, width: odd }] });
    }
  });

  it('reports a parser exception through onError instead of throwing', () => {
    const errors: unknown[] = [];
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    const events = parseDispatch(GatewayDispatch.MessageCreate, hostile, { ...CONTEXT, onError: (e) => errors.push(e) });
    assert.deepEqual(events, []);
    assert.equal(errors.length, 1);
  });
});
