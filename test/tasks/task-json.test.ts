import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicTask, publicTaskJson } from '../../src/tasks/task-json.js';
import type { Task } from '../../src/tasks/task.js';

const KEYS = [
  'id', 'action', 'status', 'prompt', 'promptEn', 'description', 'state', 'submitTime', 'startTime', 'finishTime',
  'progress', 'imageUrl', 'imageUrls', 'videoUrl', 'videoUrls', 'seed', 'failReason', 'properties', 'buttons',
  'botType', 'mode',
];

test('the public JSON has every key in the documented order, defaults for missing ones, strings where strings belong', () => {
  const partial = { id: 1700000000000999, action: 'IMAGINE', status: 'SUBMITTED', progress: 0, seed: 42, internal: 'x', imageUrls: [] } as unknown as Task;
  const task = publicTask(partial);
  assert.deepEqual(Object.keys(task), KEYS);
  assert.equal(task.id, '1700000000000999');
  assert.equal(task.progress, '0');
  assert.equal(task.seed, '42');
  assert.equal(task.prompt, '');
  assert.equal(task.state, null);
  assert.equal(task.submitTime, null);
  assert.equal(task.imageUrls, null, 'never an empty list');
  assert.deepEqual(task.properties, {});
  assert.deepEqual(task.buttons, []);
  assert.equal(task.botType, 'MID_JOURNEY');
  assert.equal(task.mode, 'FAST');
  assert.ok(!('internal' in task));
});

test('a complete task comes out as it is: media lists and buttons keep their known fields only', () => {
  const full: Task = {
    id: '1', action: 'IMAGINE', status: 'SUCCESS', prompt: 'cat', promptEn: 'cat', description: '/imagine cat', state: 's',
    submitTime: 1, startTime: 2, finishTime: 3, progress: '100%', imageUrl: 'http://x/i.png',
    imageUrls: [{ url: 'http://x/1.png' }, { url: 'http://x/2.png', extra: true } as unknown as { url: string }],
    videoUrl: null, videoUrls: null, seed: null, failReason: null, properties: { messageId: '9' },
    buttons: [{ customId: 'MJ::JOB::upsample::1::h', emoji: '', label: 'U1', type: 2, style: 2 }], botType: 'NIJI_JOURNEY', mode: 'RELAX',
  };
  const json = publicTaskJson(full);
  assert.deepEqual(JSON.parse(json), { ...full, imageUrls: [{ url: 'http://x/1.png' }, { url: 'http://x/2.png' }] });
  assert.ok(json.startsWith('{"id":"1","action":"IMAGINE","status":"SUCCESS",'));
});
