import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { reportParserError } from '../../src/accounts/parser-errors.js';
import { IncidentCounters } from '../../src/lib/incidents.js';
import { parseDispatch } from '../../src/midjourney/index.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
  return { logger, lines };
}

test('a parser failure is logged with the raw message id and channel, and counted', () => {
  const { logger, lines } = capturingLogger();
  const counters = new IncidentCounters();
  const message = { id: '1234567890', channel_id: '42', content: 'whatever broke the parser' };
  reportParserError(logger, 'acc-1', 'MESSAGE_CREATE', message, new TypeError('cannot read x of undefined'), counters);
  reportParserError(logger, 'acc-1', 'MESSAGE_UPDATE', 'not even an object', new Error('again'), counters);
  assert.equal(counters.snapshot().parserErrors, 2);
  assert.equal(lines.length, 2);
  assert.equal(lines[0]?.level, 50);
  assert.deepEqual([lines[0]?.account, lines[0]?.dispatch, lines[0]?.messageId, lines[0]?.channelId], ['acc-1', 'MESSAGE_CREATE', '1234567890', '42']);
  assert.match(JSON.stringify(lines[0]?.err), /cannot read x of undefined/);
  assert.equal(lines[1]?.messageId, null);
});

test('the parser hands its own failures to onError instead of throwing', () => {
  const failures: unknown[] = [];
  // A context that fails when read stands for a bug anywhere in the parser.
  const context = {
    get botApplicationIds(): ReadonlySet<string> { throw new Error('a parser bug'); },
    onError: (error: unknown) => { failures.push(error); },
  };
  const message = { id: '1', channel_id: '2', author: { id: '3' }, content: '' };
  const events = parseDispatch('MESSAGE_CREATE', message, context);
  assert.deepEqual(events, []);
  assert.equal(failures.length, 1);
});
