import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addedMs } from '../../bench/measure-accounts.js';
import { nextSnowflake } from '../../src/lib/snowflake.js';

test("a task's delay counts what the service adds, not a job the simulator itself ran late", () => {
  const submitTime = 1_800_000_000_000;
  // The simulator started the job 300 ms after the submit and, late on a busy machine, ended it 14 s later.
  const progressMessageId = nextSnowflake(submitTime + 300);
  const messageId = nextSnowflake(submitTime + 14_300);
  const task = { submitTime, finishTime: submitTime + 14_320, properties: { progressMessageId, messageId } };
  assert.equal(addedMs(task), 320);
  assert.throws(() => addedMs({ ...task, properties: { messageId } }), /without its simulator messages/);
});
