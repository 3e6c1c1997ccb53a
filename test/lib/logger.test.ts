import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, maskTokens } from '../../src/lib/logger.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhJk_1.abcdefghijklmnopqrstuvwxyz0123456789AB';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

test('JSON lines by default; secret fields are censored at any depth, token-shaped text anywhere', () => {
  const { lines, stream } = capture();
  const logger = createLogger('info', 'json', stream, false);
  logger.info({
    userToken: TOKEN, account: { userToken: 'a' }, req: { headers: { authorization: 'b', 'mj-api-secret': 'c' } },
    config: { translate: { gpt: { apiKey: 'd' } } }, accounts: [{ userToken: 'e', channelId: '42' }],
  }, 'configured');
  logger.warn({ err: new Error(`Discord said no to ${TOKEN}`) }, `request with ${TOKEN} failed`);
  logger.debug('not at info');
  assert.equal(lines.length, 2);
  const first = JSON.parse(lines[0] ?? '') as { msg: string; accounts: { channelId: string }[] };
  assert.equal(first.msg, 'configured');
  for (const secret of [TOKEN, '"a"', '"b"', '"c"', '"d"', '"e"']) assert.ok(!lines[0]?.includes(secret), `${secret} leaked`);
  assert.equal(first.accounts[0]?.channelId, '42', 'the rest of the object stays');
  assert.ok(!lines[1]?.includes(TOKEN));
  assert.match(lines[1] ?? '', /request with \*\*\* failed/);
});

test('pretty: one readable line per entry, no JSON; auto means pretty on a terminal only', () => {
  const pretty = capture();
  createLogger('info', 'pretty', pretty.stream, false).info({ address: 'http://127.0.0.1:8080', token: TOKEN }, 'mj-proxy is listening');
  assert.equal(pretty.lines.length, 1);
  assert.match(pretty.lines[0] ?? '', /INFO.*mj-proxy is listening/);
  assert.ok(!(pretty.lines[0] ?? '').startsWith('{'));
  assert.ok(!(pretty.lines[0] ?? '').includes(TOKEN));

  const onTerminal = capture();
  createLogger('info', 'auto', onTerminal.stream, true).info('hello');
  assert.match(onTerminal.lines[0] ?? '', /INFO.*hello/);
  const piped = capture();
  createLogger('info', 'auto', piped.stream, false).info('hello');
  assert.equal((JSON.parse(piped.lines[0] ?? '') as { msg: string }).msg, 'hello');
});

test('token masking leaves ordinary ids, URLs and hashes alone', () => {
  const ordinary = 'task 1700000000000123 on http://127.0.0.1:8080/mj/task/1/fetch hash 3f035605-190a-e4fb a.b.c';
  assert.equal(maskTokens(ordinary), ordinary);
  assert.equal(maskTokens(`Authorization: ${TOKEN}`), 'Authorization: ***');
  assert.equal(maskTokens(`mfa.${'x'.repeat(84)}`), '***');
});

test("an error's type in a log line is its name, not its constructor's (minified in the built service)", () => {
  const { lines, stream } = capture();
  class Xe extends Error {
    constructor() {
      super('fenced');
      this.name = 'FencedOutError';
    }
  }
  createLogger('info', 'json', stream, false).error({ err: new Xe() }, 'save refused');
  const line = JSON.parse(lines[0] ?? '') as { err: { type: string; message: string; stack: string } };
  assert.deepEqual([line.err.type, line.err.message], ['FencedOutError', 'fenced']);
  assert.match(line.err.stack, /fenced/);
});

test('an err that is only a message stays that message in the log line, not one field per character', () => {
  const { lines, stream } = capture();
  createLogger('info', 'json', stream, false).warn({ err: 'Discord request failed: aborted' }, 'no answer');
  const line = JSON.parse(lines[0] ?? '') as { err: unknown };
  assert.equal(line.err, 'Discord request failed: aborted');
});
