import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTask } from '../../src/tasks/task-factory.js';
import { markProgress, markSubmitted, markSuccess } from '../../src/tasks/transitions.js';
import type { Task } from '../../src/tasks/task.js';

const SUBMIT = 1_000;
const fresh = (): Task => newTask({
  action: 'UPSCALE', prompt: 'a cat', promptEn: 'a cat', description: '/up', botType: 'MID_JOURNEY', mode: 'FAST',
  accountId: 'a', channelId: 'c', job: { kind: 'imagine', prompt: 'a cat', images: [] },
}, SUBMIT).task;

test('a task that shows progress before Midjourney answered its interaction has started then', () => {
  const task = fresh();
  assert.ok(markProgress(task, 31, null, 2_000));
  assert.equal(task.status, 'IN_PROGRESS');
  assert.equal(task.startTime, 2_000);
  assert.ok(markProgress(task, 50, null, 3_000));
  assert.equal(task.startTime, 2_000, 'started once');
});

test('a result caught up with no sign of a start before it: started at the latest when it finished', () => {
  const task = fresh();
  assert.ok(markSuccess(task, 5_000));
  assert.equal(task.startTime, 5_000);
  assert.equal(task.finishTime, 5_000);
});

test('a submitted task keeps the time Midjourney took it', () => {
  const task = fresh();
  markSubmitted(task, 1_500);
  markProgress(task, 10, null, 2_000);
  markSuccess(task, 4_000);
  assert.equal(task.startTime, 1_500);
});
