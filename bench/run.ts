/**
 * npm run bench — not a test. With 100k tasks in the store: throughput and p99 of task fetch and of
 * list-by-condition with 100 ids, each as a ratio to a bare Fastify JSON route measured in the same
 * run; and the latency from the simulator's final message to the notify hook's arrival.
 */
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { resolveConfig } from '../src/config/load.js';
import { silentLogger } from '../src/lib/logger.js';
import { snowflakeTime } from '../src/lib/snowflake.js';
import { startService } from '../src/main.js';
import { createTaskStore } from '../src/store/index.js';
import { newTask } from '../src/tasks/task-factory.js';
import type { Task } from '../src/tasks/task.js';
import { runLoad, type LoadResult } from './load.js';

const STORED_TASKS = 100_000;
const REQUESTS = 20_000;
const CONCURRENCY = 16;
const IDS_PER_LIST = 100;
const HOOKED_JOBS = 20;

/** Bare Fastify JSON routes: one small object, and (for scale) 100 task-sized objects, as a bare route would send them. */
async function baselines(sampleTask: Task): Promise<{ small: LoadResult; hundred: LoadResult }> {
  const app = Fastify();
  const sample = { id: '1700000000000123', status: 'SUCCESS', progress: '100%', properties: {} };
  const hundred = Array.from({ length: IDS_PER_LIST }, () => sampleTask);
  app.get('/json', async () => sample);
  app.post('/json100', async () => hundred);
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  await runLoad(origin, 2000, CONCURRENCY, () => ({ method: 'GET', path: '/json' }));
  const small = await runLoad(origin, REQUESTS, CONCURRENCY, () => ({ method: 'GET', path: '/json' }));
  const body = JSON.stringify({ ids: Array.from({ length: IDS_PER_LIST }, (_, i) => String(i)) });
  const large = await runLoad(origin, REQUESTS / 10, CONCURRENCY, () => ({ method: 'POST', path: '/json100', body }));
  await app.close();
  return { small, hundred: large };
}

async function fillStore(url: string): Promise<string[]> {
  const store = await createTaskStore(url, silentLogger);
  const ids: string[] = [];
  for (let i = 0; i < STORED_TASKS; i++) {
    const entry = newTask({
      action: 'IMAGINE', prompt: `cat ${i}`, promptEn: `cat ${i}`, description: `/imagine cat ${i}`, botType: 'MID_JOURNEY',
      mode: 'FAST', accountId: 'bench', channelId: 'bench', job: { kind: 'imagine', prompt: `cat ${i}`, images: [] },
      status: 'SUCCESS',
    }, 1_700_000_000_000 + i);
    ids.push(entry.task.id);
    await store.save(entry);
  }
  await store.close();
  return ids;
}

async function hookLatency(origin: string): Promise<number[]> {
  const latencies: number[] = [];
  // The first SUCCESS call of each task; the one after re-hosting its images is not the final message's latency.
  const told = new Set<string>();
  let resolveAll!: () => void;
  const allDone = new Promise<void>((resolve) => { resolveAll = resolve; });
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      response.end();
      const task = JSON.parse(body) as Task;
      if (task.status !== 'SUCCESS' || !task.properties.messageId || told.has(task.id)) return;
      told.add(task.id);
      latencies.push(Date.now() - snowflakeTime(task.properties.messageId));
      if (latencies.length === HOOKED_JOBS) resolveAll();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const hook = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  for (let i = 0; i < HOOKED_JOBS; i++) {
    const response = await fetch(`${origin}/mj/submit/imagine`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: `bench hook ${i}`, notifyHook: hook }),
    });
    const { code } = (await response.json()) as { code: number };
    if (code !== 1 && code !== 22) throw new Error(`imagine ${i} was refused with code ${code}`);
  }
  await allDone;
  receiver.close();
  return latencies.sort((a, b) => a - b);
}

const fmt = (r: LoadResult) => `${r.throughput.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mj-bench-'));
  const dbUrl = `sqlite:${join(dir, 'bench.db')}`;
  console.log(`filling the store with ${STORED_TASKS} tasks…`);
  const ids = await fillStore(dbUrl);
  console.log('measuring the bare Fastify baselines…');
  const sampleStore = await createTaskStore(dbUrl, silentLogger);
  const sampleTask = (await sampleStore.get(ids[0]!))!.task;
  await sampleStore.close();
  const { small: base, hundred: base100 } = await baselines(sampleTask);
  const config = resolveConfig({
    server: { host: '127.0.0.1', port: 0 }, store: { url: dbUrl }, logLevel: 'silent',
    demo: { jobSeconds: 0.5, queueSize: HOOKED_JOBS }, accounts: [], images: { dir: join(dir, 'images') },
  });
  const service = await startService(config, { logger: silentLogger });
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  await runLoad(service.url, 2000, CONCURRENCY, () => ({ method: 'GET', path: `/mj/task/${pick()}/fetch` }));
  const fetchResult = await runLoad(service.url, REQUESTS, CONCURRENCY, () => ({ method: 'GET', path: `/mj/task/${pick()}/fetch` }));
  const listBody = () => JSON.stringify({ ids: Array.from({ length: IDS_PER_LIST }, pick) });
  const listResult = await runLoad(service.url, REQUESTS / 10, CONCURRENCY, () => ({ method: 'POST', path: '/mj/task/list-by-condition', body: listBody() }));
  console.log(`timing ${HOOKED_JOBS} notify hooks…`);
  const hooks = await hookLatency(service.url);
  await service.close();

  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  console.log(`baseline  bare Fastify JSON route: ${fmt(base)}`);
  console.log(`fetch     GET /mj/task/{id}/fetch: ${fmt(fetchResult)}  → throughput ×${ratio(fetchResult.throughput, base.throughput)}, p99 ×${ratio(fetchResult.p99Ms, base.p99Ms)} of baseline`);
  console.log(`baseline  bare Fastify route answering ${IDS_PER_LIST} stored-size tasks: ${fmt(base100)}`);
  console.log(`list      list-by-condition (${IDS_PER_LIST} ids): ${fmt(listResult)}  → throughput ×${ratio(listResult.throughput, base.throughput)}, p99 ×${ratio(listResult.p99Ms, base.p99Ms)} of baseline; `
    + `×${ratio(listResult.throughput, base100.throughput)}, p99 ×${ratio(listResult.p99Ms, base100.p99Ms)} of the ${IDS_PER_LIST}-task baseline`);
  const at = (q: number) => hooks[Math.min(hooks.length - 1, Math.floor(q * hooks.length))];
  console.log(`notify    final message → hook arrival over ${hooks.length} jobs: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${hooks[hooks.length - 1]} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
