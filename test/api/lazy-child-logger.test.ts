import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { lazyChildLogger } from '../../src/api/lazy-child-logger.js';
import { createLogger } from '../../src/lib/logger.js';

test('the request logger is made at its first use and logs with the request id and the redaction of its parent', () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
      done();
    },
  });
  const parent = createLogger('info', 'json', stream, false) as unknown as FastifyBaseLogger;
  let children = 0;
  const counting = new Proxy(parent, {
    get: (target, key) => (key === 'child' ? (...args: Parameters<FastifyBaseLogger['child']>) => { children++; return target.child(...args); } : Reflect.get(target, key) as unknown),
  });
  const request = lazyChildLogger.call(undefined as never, counting, { reqId: 'req-7' }, {}, undefined as never);
  assert.equal(typeof request.error, 'function');
  assert.equal(request.level, 'info');
  assert.equal(children, 0, 'no child before a log call');
  request.error({ userToken: 'secret' }, 'request failed');
  request.warn('again');
  assert.equal(children, 1, 'one child, made once');
  assert.equal(lines.length, 2);
  assert.equal(lines[0]?.reqId, 'req-7');
  assert.equal(lines[0]?.msg, 'request failed');
  assert.notEqual(lines[0]?.userToken, 'secret');
  assert.equal(lines[1]?.reqId, 'req-7');
});
