import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/lib/logger.js';
import { newTask } from '../../src/tasks/task-factory.js';
import { TaskRegistry } from '../../src/tasks/task-registry.js';
import type { StoredTask, Task, TaskStore } from '../../src/tasks/task.js';

/** A store whose saves finish only when the test says so. */
function slowStore() {
  const saved: string[] = [];
  const releases: (() => void)[] = [];
  const store = {
    save: (entry: StoredTask) => new Promise<void>((resolve) => releases.push(() => {
      saved.push(entry.task.progress);
      resolve();
    })),
  } as unknown as TaskStore;
  const started = async () => {
    while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  const releaseNext = async () => {
    await started();
    (releases.shift() as () => void)();
  };
  return { store, saved, started, releaseNext };
}

test('changes made while a save runs are saved once, as the newest; every change is told, in order, after its state is stored', async () => {
  const { store, saved, started, releaseNext } = slowStore();
  const told: string[] = [];
  const registry = new TaskRegistry(store, (task: Task) => told.push(task.progress), silentLogger);
  const entry = newTask({
    action: 'IMAGINE', prompt: 'cat', promptEn: 'cat', description: '/imagine cat', botType: 'MID_JOURNEY', mode: 'FAST',
    accountId: 'a', channelId: 'c', job: { kind: 'imagine', prompt: 'cat', images: [] } as never,
  });
  registry.track(entry);
  const commitAt = (progress: string) => {
    entry.task.progress = progress;
    return registry.commit(entry);
  };
  const first = commitAt('10%');
  await started();
  const second = commitAt('20%');
  const third = commitAt('30%');
  // Memory answers the newest state at once, before any write.
  assert.equal(JSON.parse(String(await registry.getTaskJson(entry.task.id))).progress, '30%');
  await releaseNext();
  await first;
  assert.deepEqual(saved, ['10%']);
  assert.deepEqual(told, ['10%'], '20% and 30% are not stored yet');
  await releaseNext();
  await Promise.all([second, third]);
  assert.deepEqual(saved, ['10%', '30%'], 'one write for the two changes that waited');
  assert.deepEqual(told, ['10%', '20%', '30%']);
});

/** A store of finished tasks that counts its reads. */
function countingStore(jsons: Record<string, string>) {
  const reads = { one: 0, many: 0 };
  const store = {
    getTaskJson: async (id: string) => {
      reads.one++;
      return jsons[id] === undefined ? undefined : Buffer.from(jsons[id]);
    },
    getTaskJsons: async (ids: readonly string[]) => {
      reads.many++;
      return new Map(ids.flatMap((id) => (jsons[id] === undefined ? [] : [[id, Buffer.from(jsons[id])] as const])));
    },
  } as unknown as TaskStore;
  return { store, reads };
}

test('a finished task read from the store is answered from memory at the next poll, single or in a list, in the order asked', async () => {
  const { store, reads } = countingStore({ a: '{"id":"a"}', b: '{"id":"b"}', c: '{"id":"c"}' });
  const registry = new TaskRegistry(store, () => undefined, silentLogger);
  assert.equal(String(await registry.getTaskJson('a')), '{"id":"a"}');
  assert.equal(String(await registry.getTaskJson('a')), '{"id":"a"}');
  assert.equal(await registry.getTaskJson('missing'), undefined);
  assert.equal(reads.one, 2, 'a read once, missing once');
  assert.deepEqual((await registry.getTaskJsons(['c', 'missing', 'a', 'b'])).map(String), ['{"id":"c"}', '{"id":"a"}', '{"id":"b"}']);
  assert.equal(reads.many, 1);
  assert.deepEqual((await registry.getTaskJsons(['b', 'c'])).map(String), ['{"id":"b"}', '{"id":"c"}']);
  assert.equal(reads.many, 1, 'b and c came from memory');
  registry.forgetAnswers(['b']);
  await registry.getTaskJsons(['b', 'c']);
  assert.equal(reads.many, 2, 'b, pruned, is read again');
});

test('cluster mode: what is read from the store is not kept (another instance may change the task)', async () => {
  const { store, reads } = countingStore({ a: '{"id":"a"}' });
  const registry = new TaskRegistry(store, () => undefined, silentLogger, false);
  await registry.getTaskJson('a');
  await registry.getTaskJson('a');
  await registry.getTaskJsons(['a']);
  assert.deepEqual(reads, { one: 2, many: 1 });
});
