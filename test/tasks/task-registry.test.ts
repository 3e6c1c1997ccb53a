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
