/** The series other than tasks: Discord REST and gateway, accounts, notify and incident totals, the timed store, the process defaults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceMetrics, type MetricsSources } from '../../src/metrics/index.js';
import { routeLabel } from '../../src/metrics/discord-metrics.js';
import type { NotifierStats } from '../../src/notify/index.js';
import type { AccountHealth } from '../../src/tasks/api-port.js';
import type { TaskStore } from '../../src/tasks/task.js';
import { HEALTH, sampleTask } from '../api/helpers.js';
import { parsePrometheusText, samplesOf, valueOf } from './prometheus-text.js';

const NOTIFY: NotifierStats = { delivered: 0, failed: 0, dropped: 0, coalesced: 0, retries: 0, busyTasks: 0 };

function metrics(sources: Partial<MetricsSources> = {}): ServiceMetrics {
  return new ServiceMetrics({ accounts: () => [], notify: () => NOTIFY, ...sources });
}

const scrape = async (m: ServiceMetrics) => parsePrometheusText(await m.render());

test('route labels: the rate-limit bucket with every id made generic, never a user or message id', () => {
  assert.equal(routeLabel('POST /interactions'), 'POST /interactions');
  assert.equal(routeLabel('POST /channels/1234567890/messages/:id/ack'), 'POST /channels/:id/messages/:id/ack');
  assert.equal(routeLabel('GET /guilds/987/application-command-index'), 'GET /guilds/:id/application-command-index');
  assert.equal(routeLabel('PUT /channels/5/messages/:id/reactions/:emoji/%40me'), 'PUT /channels/:id/messages/:id/reactions/:emoji/%40me');
  assert.equal(routeLabel('PUT 127.0.0.1:4567 upload'), 'PUT 127.0.0.1:4567 upload');
});

test('Discord REST: latency by route; 429, 5xx and no answer counted apart', async () => {
  const m = metrics();
  const { rest } = m.linkObserver('acc-1');
  const route = 'POST /channels/42/messages';
  rest?.({ route: 'POST /interactions', status: 429, seconds: 0.01 });
  rest?.({ route: 'POST /interactions', status: 204, seconds: 0.2 });
  rest?.({ route, status: 503, seconds: 0.03 });
  rest?.({ route, status: 500, seconds: 0.04 });
  rest?.({ route, status: null, seconds: 1.5 });
  rest?.({ route, status: 404, seconds: 0.02 });
  const families = await scrape(m);
  const interactions = { route: 'POST /interactions' };
  const messages = { route: 'POST /channels/:id/messages' };
  assert.equal(valueOf(families, 'mj_discord_request_duration_seconds_count', interactions), 2);
  assert.equal(valueOf(families, 'mj_discord_request_duration_seconds_count', messages), 4);
  assert.equal(valueOf(families, 'mj_discord_request_duration_seconds_bucket', { ...messages, le: '0.05' }), 3);
  assert.equal(valueOf(families, 'mj_discord_rate_limited_total', interactions), 1);
  assert.equal(valueOf(families, 'mj_discord_server_errors_total', messages), 2);
  assert.equal(valueOf(families, 'mj_discord_network_errors_total', messages), 1);
  assert.equal(valueOf(families, 'mj_discord_rate_limited_total', messages), 0);
});

test('gateway: reconnects by mode, resumes and fresh sessions per account, each starting at 0', async () => {
  const m = metrics();
  const a = m.linkObserver('acc-a');
  m.linkObserver('acc-b');
  a.gateway?.({ kind: 'identified' });
  a.gateway?.({ kind: 'reconnect', mode: 'resume' });
  a.gateway?.({ kind: 'resumed' });
  a.gateway?.({ kind: 'reconnect', mode: 'identify' });
  a.gateway?.({ kind: 'identified' });
  const families = await scrape(m);
  assert.equal(valueOf(families, 'mj_gateway_reconnects_total', { account: 'acc-a', mode: 'resume' }), 1);
  assert.equal(valueOf(families, 'mj_gateway_reconnects_total', { account: 'acc-a', mode: 'identify' }), 1);
  assert.equal(valueOf(families, 'mj_gateway_resumes_total', { account: 'acc-a' }), 1);
  assert.equal(valueOf(families, 'mj_gateway_identifies_total', { account: 'acc-a' }), 2);
  assert.equal(samplesOf(families, 'mj_gateway_reconnects_total', { account: 'acc-b' }).length, 2);
  assert.equal(valueOf(families, 'mj_gateway_identifies_total', { account: 'acc-b' }), 0);
});

test('accounts are read at each scrape: one status series set to 1, load and capacity; a removed account goes', async () => {
  let accounts: AccountHealth[] = [
    { ...(HEALTH[0] as AccountHealth), instanceId: 'a1', status: 'ready', running: 2, queued: 5, coreSize: 3, queueSize: 10 },
    { ...(HEALTH[0] as AccountHealth), instanceId: 'a2', status: 'locked-by-someone', running: 0, queued: 0, lock: { reason: '[Blocked] …', url: null, since: 1 }, fastExhausted: true },
  ];
  const m = metrics({ accounts: () => accounts });
  let families = await scrape(m);
  assert.equal(valueOf(families, 'mj_account_status', { account: 'a1', status: 'ready' }), 1);
  assert.equal(valueOf(families, 'mj_account_status', { account: 'a1' }), 1, 'exactly one status is 1');
  assert.equal(valueOf(families, 'mj_account_status', { account: 'a1', status: 'backing-off' }), 0);
  assert.equal(valueOf(families, 'mj_account_status', { account: 'a2', status: 'locked-by-someone' }), 1, 'a status unknown here still shows');
  assert.equal(valueOf(families, 'mj_account_running_tasks', { account: 'a1' }), 2);
  assert.equal(valueOf(families, 'mj_account_waiting_tasks', { account: 'a1' }), 5);
  assert.equal(valueOf(families, 'mj_account_slots', { account: 'a1' }), 3);
  assert.equal(valueOf(families, 'mj_account_queue_capacity', { account: 'a1' }), 10);
  assert.deepEqual([valueOf(families, 'mj_account_locked', { account: 'a1' }), valueOf(families, 'mj_account_locked', { account: 'a2' })], [0, 1]);
  assert.deepEqual([valueOf(families, 'mj_account_fast_exhausted', { account: 'a1' }), valueOf(families, 'mj_account_fast_exhausted', { account: 'a2' })], [0, 1]);
  accounts = [{ ...(accounts[0] as AccountHealth), status: 'resuming', running: 0 }];
  families = await scrape(m);
  assert.equal(valueOf(families, 'mj_account_status', { account: 'a1', status: 'resuming' }), 1);
  assert.equal(valueOf(families, 'mj_account_status', { account: 'a1', status: 'ready' }), 0);
  assert.equal(valueOf(families, 'mj_account_running_tasks', { account: 'a1' }), 0);
  assert.equal(samplesOf(families, 'mj_account_status', { account: 'a2' }).length, 0);
});

test('notify and incident totals are copied at each scrape, as counters', async () => {
  let stats: NotifierStats = { ...NOTIFY, delivered: 3, retries: 2, failed: 1, dropped: 4, busyTasks: 2 };
  const m = metrics({ notify: () => stats, incidents: () => ({ unhandledRejections: 1, uncaughtExceptions: 0, parserErrors: 7 }) });
  let families = await scrape(m);
  assert.equal(valueOf(families, 'mj_notify_deliveries_total'), 3);
  assert.equal(valueOf(families, 'mj_notify_retries_total'), 2);
  assert.equal(valueOf(families, 'mj_notify_failures_total'), 1);
  assert.equal(valueOf(families, 'mj_notify_skipped_total', { reason: 'dropped' }), 4);
  assert.equal(valueOf(families, 'mj_notify_pending_tasks'), 2);
  assert.equal(families.get('mj_notify_deliveries_total')?.type, 'counter');
  assert.equal(valueOf(families, 'mj_incidents_total', { kind: 'parserErrors' }), 7);
  stats = { ...stats, delivered: 5, busyTasks: 0 };
  families = await scrape(m);
  assert.equal(valueOf(families, 'mj_notify_deliveries_total'), 5, 'not added up across scrapes');
  assert.equal(valueOf(families, 'mj_notify_pending_tasks'), 0);
});

test('translation calls and failures by backend and target', async () => {
  const m = metrics();
  m.onTranslation({ backend: 'deepl', target: 'en', ok: true, seconds: 0.2 });
  m.onTranslation({ backend: 'deepl', target: 'en', ok: false, seconds: 5 });
  m.onTranslation({ backend: 'baidu', target: 'zh', ok: true, seconds: 0.1 });
  const families = await scrape(m);
  assert.equal(valueOf(families, 'mj_translation_calls_total', { backend: 'deepl', target: 'en' }), 2);
  assert.equal(valueOf(families, 'mj_translation_failures_total', { backend: 'deepl' }), 1);
  assert.equal(valueOf(families, 'mj_translation_failures_total', { backend: 'baidu' }), 0);
  assert.equal(valueOf(families, 'mj_translation_duration_seconds_count'), 3);
});

test('the timed store answers as the store does, times each operation and counts failures', async () => {
  const m = metrics();
  const task = sampleTask();
  const calls: string[] = [];
  const inner = {
    prefix: 'kept',
    async getTask(this: { prefix: string }, id: string) {
      calls.push(`${this.prefix}:${id}`);
      return id === task.id ? task : undefined;
    },
    async save() {
      throw new Error('disk full');
    },
    async close() {
      calls.push('close');
    },
  } as unknown as TaskStore;
  const store = m.timedStore(inner);
  assert.deepEqual(await store.getTask(task.id), task);
  assert.equal(await store.getTask('missing'), undefined);
  await assert.rejects(store.save({ task, runtime: {} as never }), /disk full/);
  await store.close();
  assert.deepEqual(calls, [`kept:${task.id}`, 'kept:missing', 'close'], 'methods run on the store itself');
  const families = await scrape(m);
  assert.equal(valueOf(families, 'mj_store_operation_duration_seconds_count', { operation: 'getTask' }), 2);
  assert.equal(valueOf(families, 'mj_store_operation_duration_seconds_count', { operation: 'save' }), 1);
  assert.equal(valueOf(families, 'mj_store_errors_total', { operation: 'save' }), 1);
  assert.equal(valueOf(families, 'mj_store_errors_total', { operation: 'getTask' }), 0);
  assert.equal(samplesOf(families, 'mj_store_operation_duration_seconds_count', { operation: 'close' }).length, 0);
});

test('the exposition keeps prom-client\'s process defaults (event-loop lag included), once, and never spells NaN "Nan"', async () => {
  const first = metrics();
  const second = metrics();
  // Two scrapes at once: the second finds the event-loop delay histogram just reset, without a sample (a NaN mean).
  const [text, again] = await Promise.all([first.render(), first.render()]);
  const families = parsePrometheusText(text);
  for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']) {
    assert.ok(families.has(name), name);
  }
  assert.doesNotMatch(again, / Nan$/m);
  parsePrometheusText(again);
  assert.ok(parsePrometheusText(await second.render()).has('nodejs_eventloop_lag_seconds'), 'a second service in the process shows them too');
  for (const family of families.values()) assert.ok(family.help, `${family.name} has a HELP line`);
});
