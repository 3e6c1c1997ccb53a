import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTaskStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/lib/logger.js';
import { legacyDatabase } from './legacy-db.js';

const GRID = [{ url: 'http://127.0.0.1/1.png' }, { url: 'http://127.0.0.1/2.png' }];
/** A prompt that spells the old key inside a string: it must survive untouched. */
const TRICKY_PROMPT = 'a sign reading "imageUrls":[] in neon';

test('tasks an older version saved with [] media lists read back as null; filled lists and prompt text stay', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mj-legacy-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const url = legacyDatabase(dir, [
    { id: '1690000000000001', status: 'SUCCESS' },
    { id: '1690000000000002', status: 'SUCCESS', task: { imageUrls: GRID, prompt: TRICKY_PROMPT } },
    { id: '1690000000000003', status: 'IN_PROGRESS' },
  ]);
  const store = await createTaskStore(url, silentLogger);
  t.after(() => store.close());

  const plain = await store.get('1690000000000001');
  assert.equal(plain?.task.imageUrls, null);
  assert.equal(plain?.task.videoUrls, null);
  const filled = await store.get('1690000000000002');
  assert.deepEqual(filled?.task.imageUrls, GRID);
  assert.equal(filled?.task.videoUrls, null);
  assert.equal(filled?.task.prompt, TRICKY_PROMPT);

  const everyRead = [
    ...await store.getTasks(['1690000000000001', '1690000000000003']),
    ...await store.list({ page: 0, size: 10 }),
    ...(await store.listUnfinished()).map((entry) => entry.task),
  ];
  assert.equal(everyRead.length, 2 + 3 + 1);
  for (const task of everyRead) {
    assert.notDeepEqual(task.imageUrls, [], task.id);
    assert.notDeepEqual(task.videoUrls, [], task.id);
  }
});
