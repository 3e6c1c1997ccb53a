import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/lib/logger.js';
import { nextSnowflake } from '../../src/lib/snowflake.js';
import type { JobDoneEvent, JobProgressEvent } from '../../src/midjourney/events.js';
import { claimantOf, confusable, isAnonymous } from '../../src/tasks/claimants.js';
import { DistinctSends } from '../../src/tasks/distinct-sends.js';
import { Correlation } from '../../src/tasks/correlation.js';
import { EventMatcher, type Match } from '../../src/tasks/event-matcher.js';
import { OrphanJobs } from '../../src/tasks/orphans.js';
import { newTask } from '../../src/tasks/task-factory.js';
import { TaskRegistry } from '../../src/tasks/task-registry.js';
import type { StoredTask, TaskAction, TaskStore } from '../../src/tasks/task.js';

const nullStore = { save: async () => undefined } as unknown as TaskStore;
const SENT_AT = Date.now() - 60_000;

function setUp() {
  const registry = new TaskRegistry(nullStore, () => undefined, silentLogger);
  const correlation = new Correlation();
  const orphans = new OrphanJobs();
  return { registry, correlation, orphans, matcher: new EventMatcher(registry, correlation, orphans, silentLogger) };
}

function task(registry: TaskRegistry, action: TaskAction, prompt: string, extra: { channelId?: string; parent?: string; index?: number; blendImages?: number } = {}): StoredTask {
  const uploaded = { uploaded: { id: '0', filename: 'x.png', uploaded_filename: 'u/x.png' } };
  const entry = newTask({
    action, prompt, promptEn: prompt, description: '', botType: 'MID_JOURNEY', mode: 'FAST', accountId: 'A', channelId: extra.channelId ?? 'C',
    parentMessageId: extra.parent, extraProperties: extra.index ? { index: String(extra.index) } : {},
    job: extra.blendImages
      ? { kind: 'blend', images: Array.from({ length: extra.blendImages }, () => uploaded), dimensions: '--ar 1:1' }
      : { kind: 'imagine', prompt, images: [] },
  });
  entry.task.status = 'SUBMITTED';
  entry.runtime.sentAt = SENT_AT;
  registry.track(entry);
  return entry;
}

function done(overrides: Partial<JobDoneEvent>): JobDoneEvent {
  return {
    kind: 'job-done', source: 'create', messageId: nextSnowflake(), channelId: 'C', applicationId: 'mj', flags: 0, content: '',
    prompt: 'a cat', contentKind: 'imagine', mode: 'fast', index: null, jobHash: 'unknown-hash',
    image: { url: 'u', proxyUrl: null, width: null, height: null, filename: 'f.png', contentType: 'image/png' },
    images: [], videoUrl: null, buttons: [], ...overrides,
  };
}

const taskId = (match: Match | undefined) => (match?.kind === 'task' ? match.entry.task.id : match?.kind);

test('identity first: nonce, start message, job hash', () => {
  const { registry, correlation, matcher } = setUp();
  const a = task(registry, 'IMAGINE', 'a cat');
  task(registry, 'IMAGINE', 'a dog');
  correlation.link('hash', 'h-a', a.task.id);
  correlation.link('message', 'W', a.task.id);
  assert.equal(taskId(matcher.find('A', done({ jobHash: 'h-a', prompt: 'a dog' }))), a.task.id);
  const progress: JobProgressEvent = {
    kind: 'job-progress', source: 'update', messageId: 'W', channelId: 'C', applicationId: 'mj', flags: 0, content: '',
    prompt: 'a cat', contentKind: 'imagine', percent: 31, status: 'running', mode: 'fast', jobHash: null, previewUrl: null,
  };
  assert.equal(taskId(matcher.find('A', progress)), a.task.id);
});

test('an unknown nonce is someone else\'s request, whatever else the message carries', () => {
  const { registry, correlation, matcher } = setUp();
  const a = task(registry, 'IMAGINE', 'a cat');
  correlation.link('hash', 'h-a', a.task.id);
  assert.equal(matcher.find('A', done({ jobHash: 'h-a', nonce: 'not-ours' })), undefined);
});

test('an ended task\'s identities lead to its orphan (or nowhere), never to another task', () => {
  const { registry, correlation, orphans, matcher } = setUp();
  const cancelled = task(registry, 'IMAGINE', 'a cat');
  const other = task(registry, 'IMAGINE', 'a cat');
  correlation.link('nonce', 'n-b', cancelled.task.id);
  orphans.adopt({ ...claimantOf(cancelled)!, holdsSlot: true, wantsStop: true, stopSent: false, lastSignAt: Date.now(), claims: true });
  cancelled.task.status = 'CANCEL';
  correlation.retire(cancelled.task.id);
  assert.equal(taskId(matcher.find('A', done({ nonce: 'n-b' }))), 'orphan');
  // Without identity, the orphan is a candidate too: two could own a "a cat" final, so nobody gets it.
  assert.equal(matcher.find('A', done({})), undefined);
  orphans.remove(cancelled.task.id);
  assert.equal(taskId(matcher.find('A', done({ nonce: 'n-b' }))), 'retired');
  assert.equal(taskId(matcher.find('A', done({}))), other.task.id, 'alone, it may own it');
});

test('without identity: the sole job in flight with that channel, kind and prompt; never a guess between several', () => {
  const { registry, correlation, matcher } = setUp();
  task(registry, 'IMAGINE', 'a cat', { channelId: 'OTHER' });
  task(registry, 'UPSCALE', 'a cat');
  const known = task(registry, 'IMAGINE', 'a cat');
  correlation.link('hash', 'h-known', known.task.id);
  known.runtime.jobHash = 'h-known';
  const mine = task(registry, 'IMAGINE', 'a cat');
  assert.equal(taskId(matcher.find('A', done({}))), mine.task.id, 'the other channel, an upscale and a job with a known hash cannot own it');
  assert.equal(matcher.find('A', done({ prompt: 'a bird' })), undefined, 'another prompt');
  assert.equal(matcher.find('A', done({ source: 'update' })), undefined, 'an edit of a final is no news');
  assert.equal(matcher.find('A', done({ messageId: nextSnowflake(SENT_AT - 10_000) })), undefined, 'older than the send');
  task(registry, 'IMAGINE', 'a cat');
  assert.equal(matcher.find('A', done({})), undefined, 'two could own it');
});

test('a reply goes to the sole job that clicked the parent message; U results by their index', () => {
  const { registry, matcher } = setUp();
  const u1 = task(registry, 'UPSCALE', 'a cat', { parent: 'GRID', index: 1 });
  const u3 = task(registry, 'UPSCALE', 'a cat', { parent: 'GRID', index: 3 });
  const reply = done({ contentKind: 'upscale', referencedMessageId: 'GRID', index: 3, prompt: 'whatever' });
  assert.equal(taskId(matcher.find('A', reply)), u3.task.id);
  assert.equal(taskId(matcher.find('A', { ...reply, index: 1 })), u1.task.id);
  assert.equal(matcher.find('A', { ...reply, referencedMessageId: 'OTHER' }), undefined);
});

test('a blend echoes only its images\' links: the sole blend in flight with as many images owns it', () => {
  const { registry, matcher } = setUp();
  const links = (n: number) => Array.from({ length: n }, (_, i) => `<https://s.mj.run/${i}>`).join(' ');
  task(registry, 'IMAGINE', 'https://example.com/a.png');
  const two = task(registry, 'BLEND', '', { blendImages: 2 });
  assert.equal(taskId(matcher.find('A', done({ prompt: `${links(2)} --ar 1:1 --v 7` }))), two.task.id);
  assert.equal(matcher.find('A', done({ prompt: `${links(3)} --ar 1:1` })), undefined, 'another number of images');
  assert.equal(matcher.find('A', done({ prompt: `${links(2)} a cat --ar 1:1` })), undefined, 'an image prompt with words is no blend');
  task(registry, 'BLEND', '', { blendImages: 2 });
  assert.equal(matcher.find('A', done({ prompt: `${links(2)} --ar 1:1` })), undefined, 'two blends could own it');
});

test('confusable: jobs one message without identity could fit both, while neither is known', () => {
  const { registry } = setUp();
  const claimant = (action: TaskAction, prompt: string, extra: Parameters<typeof task>[3] = {}) => claimantOf(task(registry, action, prompt, extra))!;
  const blend2 = claimant('BLEND', '', { blendImages: 2 });
  assert.equal(confusable(blend2, claimant('BLEND', '', { blendImages: 2 })), true);
  assert.equal(confusable(blend2, claimant('BLEND', '', { blendImages: 3 })), false, 'another number of images');
  assert.equal(confusable(blend2, claimant('IMAGINE', 'a cat')), false);
  assert.equal(confusable(claimant('IMAGINE', 'a cat --ar 1:1'), claimant('IMAGINE', 'A  cat --v 7')), true, 'the same words');
  assert.equal(confusable(claimant('IMAGINE', 'a cat'), claimant('IMAGINE', 'a dog')), false);
  assert.equal(confusable(claimant('IMAGINE', 'a cat'), claimant('IMAGINE', 'a cat', { channelId: 'OTHER' })), false);
  assert.equal(confusable(claimant('DESCRIBE', ''), claimant('DESCRIBE', '')), true);
  assert.equal(confusable(claimant('DESCRIBE', ''), claimant('SHORTEN', 'a cat')), false);
  assert.equal(confusable(claimant('SHORTEN', 'a cat'), claimant('SHORTEN', 'a dog')), true, 'a shorten answer echoes nothing');
  assert.equal(confusable(claimant('UPSCALE', 'x', { parent: 'GRID', index: 1 }), claimant('UPSCALE', 'x', { parent: 'GRID', index: 2 })), false, 'results name their image');
  assert.equal(confusable(claimant('VARIATION', 'x', { parent: 'GRID', index: 1 }), claimant('VARIATION', 'x', { parent: 'GRID', index: 2 })), true);
  assert.equal(confusable(claimant('VARIATION', 'x', { parent: 'GRID', index: 1 }), claimant('UPSCALE', 'x', { parent: 'GRID', index: 1 })), false);
  assert.equal(confusable(claimant('VARIATION', 'x', { parent: 'GRID' }), claimant('VARIATION', 'x', { parent: 'OTHER' })), false);
});

test('a job waits to be sent while a confusable one in flight is anonymous; not for a known one, a modal, or past the cap', async () => {
  const { registry, matcher } = setUp();
  const distinct = new DistinctSends(registry, (accountId) => matcher.claimantsOf(accountId), 5);
  const first = task(registry, 'BLEND', '', { blendImages: 2 });
  const second = task(registry, 'BLEND', '', { blendImages: 2 });
  second.runtime.sentAt = null;
  second.task.status = 'NOT_START';
  assert.equal(isAnonymous(claimantOf(first)!), true);
  let waited = true;
  const waiting = distinct.wait(second, 60_000).then(() => { waited = false; });
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(waited, true, 'still waiting for the first blend to be known');
  first.runtime.jobHash = 'h-first';
  await waiting;
  first.runtime.jobHash = null;
  first.task.status = 'MODAL';
  await distinct.wait(second, 60_000);
  first.task.status = 'SUBMITTED';
  const started = Date.now();
  await distinct.wait(second, 40);
  assert.ok(Date.now() - started >= 35, 'held until the cap');
  second.task.status = 'CANCEL';
  await distinct.wait(second, 60_000);
});
