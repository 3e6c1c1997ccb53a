import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/lib/logger.js';
import type { JobDoneEvent } from '../../src/midjourney/events.js';
import { Correlation } from '../../src/tasks/correlation.js';
import { EventMatcher } from '../../src/tasks/event-matcher.js';
import { newTask } from '../../src/tasks/task-factory.js';
import { TaskRegistry } from '../../src/tasks/task-registry.js';
import type { StoredTask, TaskAction, TaskStore } from '../../src/tasks/task.js';

const nullStore = { save: async () => undefined } as unknown as TaskStore;

function setUp() {
  const registry = new TaskRegistry(nullStore, () => undefined, silentLogger);
  const correlation = new Correlation();
  return { registry, correlation, matcher: new EventMatcher(registry, correlation, silentLogger) };
}

function task(registry: TaskRegistry, action: TaskAction, prompt: string, channelId = 'C'): StoredTask {
  const entry = newTask({
    action, prompt, promptEn: prompt, description: '', botType: 'MID_JOURNEY', mode: 'FAST', accountId: 'A', channelId,
    job: { kind: 'imagine', prompt, images: [] },
  });
  entry.task.properties.finalPrompt = prompt;
  registry.track(entry);
  return entry;
}

function done(overrides: Partial<JobDoneEvent>): JobDoneEvent {
  return {
    kind: 'job-done', source: 'create', messageId: 'F', channelId: 'C', applicationId: 'mj', flags: 0, content: '',
    prompt: 'a cat', contentKind: 'imagine', mode: 'fast', index: null, jobHash: 'unknown-hash',
    image: { url: 'u', proxyUrl: null, width: null, height: null, filename: 'f.png', contentType: 'image/png' },
    images: [], videoUrl: null, buttons: [], ...overrides,
  };
}

test('identity first: nonce, start message, job hash', () => {
  const { registry, correlation, matcher } = setUp();
  const a = task(registry, 'IMAGINE', 'a cat');
  correlation.link('hash', 'h-a', a.task.id);
  assert.equal(matcher.find(done({ jobHash: 'h-a' }))?.task.id, a.task.id);
  assert.equal(matcher.find(done({ jobHash: 'h-other' })), undefined, 'no identity, no match');
});

test('a final without identity goes to the task whose start message was deleted, in the same channel and kind', () => {
  const { registry, correlation, matcher } = setUp();
  const elsewhere = task(registry, 'IMAGINE', 'a cat', 'OTHER');
  const upscale = task(registry, 'UPSCALE', 'a cat');
  const mine = task(registry, 'IMAGINE', 'a cat');
  for (const entry of [elsewhere, upscale, mine]) correlation.markStartDeleted(entry.task.id);
  assert.equal(matcher.find(done({}))?.task.id, mine.task.id);
});

test('a tie between such tasks is broken by prompt text, as a last resort', () => {
  const { registry, correlation, matcher } = setUp();
  const dog = task(registry, 'IMAGINE', 'a dog');
  const cat = task(registry, 'IMAGINE', 'a cat');
  correlation.markStartDeleted(dog.task.id);
  correlation.markStartDeleted(cat.task.id);
  assert.equal(matcher.find(done({ prompt: 'a cat' }))?.task.id, cat.task.id);
  assert.equal(matcher.find(done({ prompt: 'a dog' }))?.task.id, dog.task.id);
});

test('a reply is matched to the task that clicked the parent message; U results by their index', () => {
  const { registry, correlation, matcher } = setUp();
  const u1 = task(registry, 'UPSCALE', 'a cat');
  const u3 = task(registry, 'UPSCALE', 'a cat');
  u1.task.properties.index = '1';
  u3.task.properties.index = '3';
  correlation.awaitReplyTo('GRID', u1.task.id);
  correlation.awaitReplyTo('GRID', u3.task.id);
  const reply = done({ contentKind: 'upscale', referencedMessageId: 'GRID', index: 3 });
  assert.equal(matcher.find(reply)?.task.id, u3.task.id);
  assert.equal(matcher.find({ ...reply, index: 1 })?.task.id, u1.task.id);
});
