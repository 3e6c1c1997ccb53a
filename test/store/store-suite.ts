/**
 * The one store test suite: every backend runs it unchanged (store-<backend>.test.ts). Each test
 * opens a store on a fresh location of its own and drops it afterwards.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { silentLogger } from '../../src/lib/logger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { MIGRATION_NAMES } from '../../src/store/sql/migrations.js';
import { FencedOutError, type StoredTask, type Task, type TaskAction, type TaskMode, type TaskStatus } from '../../src/tasks/task.js';
import type { StoreLocation, TestBackend } from './backends.js';
import { openTwiceAtOnce } from './two-instances.js';

const BASE_TIME = 1_700_000_000_000;
const DAY = 24 * 3600_000;

export interface EntryFields {
  status?: TaskStatus;
  action?: TaskAction;
  account?: string | null;
  mode?: TaskMode;
  prompt?: string;
  promptEn?: string;
  failReason?: string | null;
  submitTime?: number;
}

/** A task as the service stores it; id and times from n, so ordering is predictable. */
export function entry(n: number, fields: EntryFields = {}): StoredTask {
  const id = String(BASE_TIME + n);
  const status = fields.status ?? 'SUCCESS';
  const prompt = fields.prompt ?? `cat ${n}`;
  return {
    task: {
      id, action: fields.action ?? 'IMAGINE', status, prompt, promptEn: fields.promptEn ?? prompt, description: `/imagine ${prompt}`,
      state: n % 2 === 0 ? '{"a":1}' : null, submitTime: fields.submitTime ?? BASE_TIME + n, startTime: null, finishTime: null,
      progress: status === 'SUCCESS' ? '100%' : '0%', imageUrl: null, imageUrls: null, videoUrl: null, videoUrls: null,
      seed: null, failReason: fields.failReason ?? null, properties: { notifyHook: '', discordInstanceId: fields.account ?? '' },
      buttons: [], botType: 'MID_JOURNEY', mode: fields.mode ?? 'FAST',
    },
    runtime: {
      accountId: fields.account === undefined ? 'acc-1' : fields.account, nonce: `nonce-${n}`, interactionId: null,
      progressMessageId: null, jobHash: null, parentMessageId: null, parentTaskId: null, lastProgressAt: null,
      request: { kind: 'imagine', prompt, images: [{ base64: 'aGVsbG8=', contentType: 'image/png', extension: 'png' }] },
    },
  };
}

const numbers = (tasks: readonly Task[]) => tasks.map((task) => Number(task.id) - BASE_TIME);
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

export function storeSuite(backend: TestBackend): void {
  /** Clean-ups of a test, run last-in first-out (stores close before their location is dropped). */
  const cleanups = new WeakMap<TestContext, (() => Promise<void>)[]>();
  function onCleanup(t: TestContext, cleanup: () => Promise<void>): void {
    let list = cleanups.get(t);
    if (!list) {
      const created: (() => Promise<void>)[] = [];
      cleanups.set(t, created);
      t.after(async () => {
        for (const run of created.reverse()) await run();
      });
      list = created;
    }
    list.push(cleanup);
  }

  /** A fresh location, dropped after the test. */
  async function location(t: TestContext): Promise<StoreLocation> {
    const place = await backend.create();
    onCleanup(t, () => place.drop());
    return place;
  }

  async function open(place: StoreLocation, t: TestContext, retentionDays = 0): Promise<Store> {
    const store = await openStore({ url: place.url, keyPrefix: place.keyPrefix, retentionDays }, silentLogger, { onQuery: place.onQuery });
    onCleanup(t, () => store.close());
    return store;
  }

  const fresh = async (t: TestContext, retentionDays = 0) => open(await location(t), t, retentionDays);

  describe(`store on ${backend.name}`, () => {
    test('save then get answers task and runtime; a second save updates in place', async (t) => {
      const { tasks } = await fresh(t);
      const first = entry(1, { status: 'SUBMITTED' });
      await tasks.save(first);
      assert.deepEqual(await tasks.get(first.task.id), first);
      assert.equal(await tasks.get('404'), undefined);

      const updated = entry(1, { status: 'SUCCESS', account: 'acc-2' });
      updated.task.imageUrls = [{ url: 'http://x/1.png' }];
      updated.task.prompt = '一只猫 🐱';
      await tasks.save(updated);
      assert.deepEqual(await tasks.get(first.task.id), updated);
      assert.deepEqual(await tasks.list({ page: 0, size: 10 }), [updated.task]);
      assert.deepEqual((await tasks.search({ page: 0, size: 10, status: 'SUBMITTED' })).total, 0);
      assert.deepEqual((await tasks.search({ page: 0, size: 10, accountId: 'acc-1' })).total, 0);
      assert.deepEqual(numbers((await tasks.search({ page: 0, size: 10, accountId: 'acc-2' })).tasks), [1]);
    });

    test('fencing: a save with an older token is refused once a newer token wrote the task, and changes nothing', async (t) => {
      const { tasks } = await fresh(t);
      const created = entry(7, { status: 'NOT_START' });
      await tasks.save(created);
      const sentByOld = entry(7, { status: 'SUBMITTED' });
      await tasks.save(sentByOld, 3);
      const takenOver = entry(7, { status: 'IN_PROGRESS', account: 'acc-1' });
      await tasks.save(takenOver, 4);
      const stale = entry(7, { status: 'FAILURE', failReason: 'stale owner' });
      await assert.rejects(tasks.save(stale, 3), FencedOutError);
      assert.deepEqual(await tasks.get(created.task.id), takenOver);
      assert.equal((await tasks.search({ page: 0, size: 10, status: 'FAILURE' })).total, 0, 'no index moved either');
      // The token in force writes on; a task never stored before is inserted with its token.
      const finished = entry(7, { status: 'SUCCESS' });
      await tasks.save(finished, 4);
      await tasks.save(entry(8, { status: 'SUBMITTED' }), 4);
      await assert.rejects(tasks.save(entry(8, { status: 'FAILURE' }), 2), FencedOutError);
      assert.deepEqual(numbers(await tasks.getTasks([created.task.id, entry(8).task.id])).sort(), [7, 8]);
      assert.equal((await tasks.get(created.task.id))?.task.status, 'SUCCESS');
      assert.equal((await tasks.get(entry(8).task.id))?.task.status, 'SUBMITTED');
    });

    test('fetch reads: the public task, and its JSON text exactly as stored', async (t) => {
      const { tasks } = await fresh(t);
      const saved = entry(2);
      await tasks.save(saved);
      assert.deepEqual(await tasks.getTask(saved.task.id), saved.task);
      assert.equal((await tasks.getTaskJson(saved.task.id))?.toString(), JSON.stringify(saved.task));
      assert.equal(await tasks.getTask('404'), undefined);
      assert.equal(await tasks.getTaskJson('404'), undefined);
      assert.deepEqual([...(await tasks.getTaskJsons([saved.task.id, '404']))].map(([id, json]) => [id, String(json)]), [[saved.task.id, JSON.stringify(saved.task)]]);
    });

    test('getTasks answers only known ids, across chunk boundaries and with duplicates', async (t) => {
      const { tasks } = await fresh(t);
      const count = 1300;
      for (let n = 0; n < count; n += 1) await tasks.save(entry(n));
      const asked = [...Array.from({ length: count }, (_, n) => String(BASE_TIME + n)), 'unknown', String(BASE_TIME)];
      const found = await tasks.getTasks(asked);
      assert.equal(found.length, count);
      assert.equal(new Set(found.map((task) => task.id)).size, count);
      assert.equal((await tasks.getTaskJsons(asked)).size, count);
      assert.deepEqual(await tasks.getTasks([]), []);
      assert.deepEqual(numbers(await tasks.getTasks(['unknown', String(BASE_TIME + 7)])), [7]);
    });

    test('list-by-condition with 100 ids is one query (one command on Redis)', async (t) => {
      const place = await location(t);
      const { tasks } = await open(place, t);
      for (let n = 0; n < 120; n += 1) await tasks.save(entry(n));
      const ids = Array.from({ length: 100 }, (_, n) => String(BASE_TIME + n + 10));
      let found: Task[] = [];
      const queries = await place.countQueries(async () => { found = await tasks.getTasks(ids); });
      assert.equal(found.length, 100);
      assert.equal(queries, 1);
      // The count is real: a listing of two pages is two queries (or two commands and more).
      assert.ok((await place.countQueries(() => tasks.list({ page: 1, size: 5 }))) >= 1);
    });

    test('list is newest first and paged; listUnfinished is oldest first without finished tasks', async (t) => {
      const { tasks } = await fresh(t);
      const statuses: TaskStatus[] = ['SUCCESS', 'IN_PROGRESS', 'FAILURE', 'NOT_START', 'CANCEL', 'MODAL', 'SUBMITTED'];
      // Saved out of time order, so the order must come from submitTime, not insertion.
      for (const n of [3, 0, 6, 1, 5, 2, 4]) await tasks.save(entry(n, { status: statuses[n] }));
      assert.deepEqual(numbers(await tasks.list({ page: 0, size: 3 })), [6, 5, 4]);
      assert.deepEqual(numbers(await tasks.list({ page: 2, size: 3 })), [0]);
      assert.deepEqual(await tasks.list({ page: 3, size: 3 }), []);
      const unfinished = await tasks.listUnfinished();
      assert.deepEqual(numbers(unfinished.map((e) => e.task)), [1, 3, 5, 6]);
      assert.deepEqual(unfinished[0], entry(1, { status: 'IN_PROGRESS' }));
    });

    test('search: each filter alone and together, newest first, paged, with the total', async (t) => {
      const { tasks } = await fresh(t);
      for (let n = 0; n < 30; n += 1) {
        await tasks.save(entry(n, {
          status: n % 3 === 0 ? 'FAILURE' : 'SUCCESS',
          action: n % 2 === 0 ? 'IMAGINE' : 'UPSCALE',
          account: n < 20 ? 'acc-a' : 'acc-b',
        }));
      }
      const search = async (query: Omit<Parameters<typeof tasks.search>[0], 'page' | 'size'>, page = 0, size = 100) => {
        const result = await tasks.search({ page, size, ...query });
        return { n: numbers(result.tasks), total: result.total };
      };
      const all = Array.from({ length: 30 }, (_, n) => 29 - n);
      assert.deepEqual(await search({}), { n: all, total: 30 });
      assert.deepEqual(await search({}, 1, 7), { n: all.slice(7, 14), total: 30 });
      assert.deepEqual(await search({}, 5, 7), { n: [], total: 30 });
      assert.deepEqual(await search({ id: String(BASE_TIME + 4) }), { n: [4], total: 1 });
      assert.deepEqual(await search({ id: String(BASE_TIME + 4), action: 'UPSCALE' }), { n: [], total: 0 });
      assert.deepEqual(await search({ id: '404' }), { n: [], total: 0 });
      assert.deepEqual(await search({ status: 'FAILURE' }), { n: all.filter((n) => n % 3 === 0), total: 10 });
      assert.deepEqual(await search({ action: 'UPSCALE' }, 1, 4), { n: [21, 19, 17, 15], total: 15 });
      assert.deepEqual(await search({ accountId: 'acc-b' }), { n: all.slice(0, 10), total: 10 });
      assert.deepEqual(await search({ submitTimeStart: BASE_TIME + 10, submitTimeEnd: BASE_TIME + 12 }), { n: [12, 11, 10], total: 3 });
      const combined = all.filter((n) => n % 3 === 0 && n % 2 === 0 && n < 20 && n >= 5);
      assert.deepEqual(
        await search({ status: 'FAILURE', action: 'IMAGINE', accountId: 'acc-a', submitTimeStart: BASE_TIME + 5 }),
        { n: combined, total: combined.length },
      );
      assert.deepEqual(await search({ status: 'FAILURE', action: 'IMAGINE' }, 1, 2), { n: [12, 6], total: 5 });
      assert.deepEqual(await search({ status: 'CANCEL' }), { n: [], total: 0 });
    });

    test('search: the prompt substring ignores case, matches wildcards literally, and finds promptEn', async (t) => {
      const { tasks } = await fresh(t);
      await tasks.save(entry(1, { prompt: 'A Red CAT on a mat' }));
      await tasks.save(entry(2, { prompt: '一只红色的猫', promptEn: 'a red cat' }));
      await tasks.save(entry(3, { prompt: '100% orange_dog!' }));
      await tasks.save(entry(4, { prompt: '100 orangeXdog', status: 'FAILURE' }));
      const find = async (prompt: string, status?: TaskStatus) => sorted(numbers((await tasks.search({ page: 0, size: 10, prompt, status })).tasks));
      assert.deepEqual(await find('red cat'), [1, 2]);
      assert.deepEqual(await find('RED CAT'), [1, 2]);
      assert.deepEqual(await find('红色'), [2]);
      assert.deepEqual(await find('0% orange_'), [3]);
      assert.deepEqual(await find('_dog!'), [3]);
      assert.deepEqual(await find('%'), [3]);
      assert.deepEqual(await find('dog', 'FAILURE'), [4]);
      assert.deepEqual(await find('nothing like it'), []);
      assert.equal((await tasks.search({ page: 0, size: 1, prompt: 'cat' })).total, 2);
    });

    test('stats: today by mode and action, failures of the last day by reason', async (t) => {
      const { tasks } = await fresh(t);
      const now = BASE_TIME + 10 * DAY;
      const at = (n: number, fields: EntryFields) => tasks.save(entry(n, fields));
      await at(1, { submitTime: now - 2 * DAY, mode: 'RELAX', status: 'FAILURE', failReason: 'old' });
      await at(2, { submitTime: now - 3600_000, mode: 'FAST', action: 'IMAGINE' });
      await at(3, { submitTime: now - 7200_000, mode: 'FAST', action: 'UPSCALE', status: 'FAILURE', failReason: 'banned' });
      await at(4, { submitTime: now - 60_000, mode: 'RELAX', action: 'IMAGINE', status: 'FAILURE', failReason: 'banned' });
      await at(5, { submitTime: now - 20 * 3600_000, mode: 'TURBO', status: 'FAILURE', failReason: null });
      const stats = await tasks.stats({ todayStart: now - 3 * 3600_000, failuresSince: now - DAY });
      assert.deepEqual(stats.todayByMode, { FAST: 2, RELAX: 1 });
      assert.deepEqual(stats.todayByAction, { IMAGINE: 2, UPSCALE: 1 });
      assert.deepEqual(stats.failures, [{ reason: 'banned', count: 2 }, { reason: '', count: 1 }]);
    });

    test('drawCounts: tasks since a time per account and mode; tasks of no account left out', async (t) => {
      const { tasks } = await fresh(t);
      const now = BASE_TIME + 10 * DAY;
      const at = (n: number, fields: EntryFields) => tasks.save(entry(n, fields));
      await at(1, { submitTime: now - 2 * DAY, account: 'a', mode: 'FAST' });
      await at(2, { submitTime: now - 60_000, account: 'a', mode: 'FAST', status: 'FAILURE' });
      await at(3, { submitTime: now - 50_000, account: 'a', mode: 'RELAX' });
      await at(4, { submitTime: now - 40_000, account: 'b', mode: 'FAST' });
      await at(5, { submitTime: now - 30_000, account: null, mode: 'FAST' });
      const key = (row: { accountId: string; mode: string | null }) => `${row.accountId}/${row.mode}`;
      const counts = async (since: number) => Object.fromEntries((await tasks.drawCounts(since)).map((row) => [key(row), row.count]));
      assert.deepEqual(await counts(now - DAY), { 'a/FAST': 1, 'a/RELAX': 1, 'b/FAST': 1 });
      assert.deepEqual(await counts(0), { 'a/FAST': 2, 'a/RELAX': 1, 'b/FAST': 1 });
    });

    test('deleteFinishedBefore: old finished tasks go in bounded batches, with their index entries', async (t) => {
      const { tasks } = await fresh(t, 30);
      const now = Date.now();
      const old = now - 40 * DAY;
      await tasks.save(entry(1, { submitTime: old, status: 'SUCCESS', account: 'acc-old' }));
      await tasks.save(entry(2, { submitTime: old + 1, status: 'FAILURE', action: 'UPSCALE', account: 'acc-old' }));
      await tasks.save(entry(3, { submitTime: old + 2, status: 'CANCEL', account: null }));
      await tasks.save(entry(4, { submitTime: old + 3, status: 'IN_PROGRESS', account: 'acc-old' }));
      await tasks.save(entry(5, { submitTime: now - DAY, status: 'SUCCESS', account: 'acc-old' }));
      const cutoff = now - 30 * DAY;

      const batches = [await tasks.deleteFinishedBefore(cutoff, 2), await tasks.deleteFinishedBefore(cutoff, 2)];
      assert.deepEqual(batches.map((ids) => ids.length), [2, 1]);
      assert.deepEqual(sorted(batches.flat().map((id) => Number(id) - BASE_TIME)), [1, 2, 3]);
      assert.deepEqual(await tasks.deleteFinishedBefore(cutoff, 2), []);

      for (const n of [1, 2, 3]) assert.equal(await tasks.get(String(BASE_TIME + n)), undefined);
      assert.deepEqual(sorted(numbers(await tasks.list({ page: 0, size: 10 }))), [4, 5]);
      assert.deepEqual((await tasks.search({ page: 0, size: 10, accountId: 'acc-old' })).total, 2);
      assert.deepEqual((await tasks.search({ page: 0, size: 10, action: 'UPSCALE' })).total, 0);
      assert.deepEqual(numbers((await tasks.listUnfinished()).map((e) => e.task)), [4]);
    });

    test('accounts: put, get, list by id, replace, delete', async (t) => {
      const { accounts } = await fresh(t);
      assert.deepEqual(await accounts.list(), []);
      const first = { id: '2', channelId: '2', userToken: 'secret', mode: 'FAST', nested: { weight: 1, tags: ['a'] } };
      await accounts.put(first);
      await accounts.put({ id: '1', channelId: '1', remark: '备注' });
      assert.deepEqual(await accounts.get('2'), first);
      assert.equal(await accounts.get('3'), undefined);
      await accounts.put({ ...first, mode: 'RELAX' });
      assert.deepEqual((await accounts.list()).map((a) => [a.id, a.mode ?? null]), [['1', null], ['2', 'RELAX']]);
      assert.equal(await accounts.delete('1'), true);
      assert.equal(await accounts.delete('1'), false);
      assert.deepEqual((await accounts.list()).map((a) => a.id), ['2']);
    });

    test('runtime config: set, get all, replace, delete', async (t) => {
      const { runtimeConfig } = await fresh(t);
      assert.deepEqual(await runtimeConfig.getAll(), {});
      await runtimeConfig.set('translate', { way: 'gpt', gpt: { model: 'x' } });
      await runtimeConfig.set('accountSelection', 'round-robin');
      await runtimeConfig.set('notify', { hook: '', concurrency: 5 });
      await runtimeConfig.set('accountSelection', 'random');
      assert.deepEqual(await runtimeConfig.getAll(), {
        accountSelection: 'random', notify: { hook: '', concurrency: 5 }, translate: { way: 'gpt', gpt: { model: 'x' } },
      });
      assert.equal(await runtimeConfig.delete('notify'), true);
      assert.equal(await runtimeConfig.delete('notify'), false);
      assert.deepEqual(Object.keys(await runtimeConfig.getAll()), ['accountSelection', 'translate']);
    });

    test('everything is still there after close and reopen', async (t) => {
      const place = await location(t);
      const first = await openStore({ url: place.url, keyPrefix: place.keyPrefix }, silentLogger);
      await first.tasks.save(entry(1, { status: 'IN_PROGRESS' }));
      await first.accounts.put({ id: 'a', enable: true });
      await first.runtimeConfig.set('bannedWords', { words: ['x'] });
      await first.close();
      await first.tasks.close(); // closing twice is harmless

      const second = await open(place, t);
      assert.deepEqual(await second.tasks.get(String(BASE_TIME + 1)), entry(1, { status: 'IN_PROGRESS' }));
      assert.equal((await second.tasks.listUnfinished()).length, 1);
      assert.deepEqual(await second.accounts.list(), [{ id: 'a', enable: true }]);
      assert.deepEqual(await second.runtimeConfig.getAll(), { bannedWords: { words: ['x'] } });
    });

    test('two instances starting at once: both open, each migration runs exactly once', async (t) => {
      const place = await location(t);
      const [first, second] = await openTwiceAtOnce(place.url, place.keyPrefix);
      const applied = [...first ?? [], ...second ?? []].flatMap((line) => (line.msg === 'store migration applied' ? [line.migration] : []));
      assert.deepEqual(applied.sort(), backend.name === 'redis' ? [] : [...MIGRATION_NAMES].sort());
      for (const lines of [first, second]) assert.ok(lines?.some((line) => line.msg === 'task store ready'));
    });

    test('a password in the url shows in no log line and no error', async (t) => {
      const place = await location(t);
      const password = 'pw-Zq81-never-shown';
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
      let message = '';
      try {
        const store = await openStore({ url: place.urlWithPassword(password), keyPrefix: place.keyPrefix }, logger);
        await store.close();
      } catch (error) {
        message = `${(error as Error).message} ${String((error as Error).cause ?? '')}`;
      }
      assert.ok(lines.length > 0 || message !== '');
      assert.doesNotMatch(lines.join('\n') + message, new RegExp(password));
    });
  });
}
