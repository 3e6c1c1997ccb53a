/**
 * /metrics through the whole service: tasks that succeed, fail and are cancelled, a 429 and a dropped
 * gateway socket from the simulator, a notify hook that fails once, a translation that works and one
 * that does not; the exposition is read with a strict text-format parser and the series must move.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountHealth } from '../../src/tasks/api-port.js';
import type { Task } from '../../src/tasks/task.js';
import { parsePrometheusText, valueOf, type Family, type Labels } from '../metrics/prometheus-text.js';
import { fakeDeepl } from '../translate/fake-providers.js';
import type { FakeServer } from '../translate/fake-server.js';
import { startTestService, type TestService } from './harness.js';
import { startHookReceiver, type HookReceiver } from './hook-receiver.js';
import { submit } from './plus-helpers.js';

const ADMIN_SECRET = 'metrics-admin-secret';
const AUTH = { authorization: `Bearer ${ADMIN_SECRET}` };
const DEEPL_KEY = 'key:fx';
const WAIT_MS = 15_000;
const POLL_MS = 50;

let svc: TestService;
let hooks: HookReceiver;
let deepl: FakeServer;

before(async () => {
  // A finished task's call is final: refused once, it is retried (an earlier one would just be replaced).
  hooks = await startHookReceiver((task) => task.status === 'SUCCESS');
  deepl = await fakeDeepl(DEEPL_KEY);
  svc = await startTestService({
    server: { adminSecret: ADMIN_SECRET },
    notify: { hook: hooks.url },
    translate: { way: 'deepl', timeoutMs: 2000, deepl: { authKey: DEEPL_KEY, baseUrl: deepl.url } },
    demo: { jobSeconds: 0.5 },
  });
});
after(async () => {
  await svc.close();
  await hooks.close();
  await deepl.close();
});

async function scrape(): Promise<Map<string, Family>> {
  const response = await fetch(`${svc.service.url}/metrics`, { headers: AUTH });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

/** Scrapes until `ready` holds of the exposition. */
async function scrapeUntil(ready: (families: Map<string, Family>) => boolean, what: string): Promise<Map<string, Family>> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const families = await scrape();
    if (ready(families)) return families;
    if (Date.now() > deadline) throw new Error(`metrics never showed ${what}:\n${[...families.values()].filter((f) => f.name.startsWith('mj_')).flatMap((f) => f.samples.map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`)).join('\n')}`);
    await sleep(POLL_MS);
  }
}

async function imagine(prompt: string, until?: (task: Task) => boolean): Promise<Task> {
  const answer = await submit(svc, '/submit/imagine', { prompt });
  assert.equal(answer.code, 1, JSON.stringify(answer));
  return svc.waitForTask(answer.result as string, until);
}

test('/metrics needs the admin secret once one is set; a scrape reads nothing from the store', async () => {
  assert.equal((await fetch(`${svc.service.url}/metrics`)).status, 401);
  const storeCalls = (families: Map<string, Family>) => valueOf(families, 'mj_store_operation_duration_seconds_count');
  const first = await scrape();
  const second = await scrape();
  assert.equal(storeCalls(second), storeCalls(first));
});

test('tasks, Discord, the gateway, notify hooks and translation move their series', async () => {
  const account = (await svc.call<{ accounts: AccountHealth[] }>('GET', '/mj/health')).body.accounts[0]?.instanceId ?? '';
  const before = await scrape();
  const delta = (families: Map<string, Family>, name: string, labels: Labels = {}) => valueOf(families, name, labels) - valueOf(before, name, labels);
  assert.equal(valueOf(before, 'mj_account_status', { account, status: 'ready' }), 1);
  assert.ok(valueOf(before, 'mj_gateway_identifies_total', { account }) >= 1);

  assert.equal((await imagine('一只猫 on a roof')).status, 'SUCCESS');
  svc.sim.faults.rateLimitInteractions(1, { retryAfterSeconds: 0.2 });
  assert.equal((await imagine('rate limited once')).status, 'SUCCESS');
  deepl.override = { status: 456, json: { message: 'Quota exceeded' } };
  const untranslated = await imagine('一只狗 in the rain');
  deepl.override = null;
  assert.equal(untranslated.promptEn, '一只狗 in the rain');
  svc.sim.bots.midjourney.setBannedWords(['zebra']);
  try {
    assert.equal((await imagine('a zebra crossing')).status, 'FAILURE');
  } finally {
    svc.sim.bots.midjourney.setBannedWords([]);
  }
  svc.sim.bots.midjourney.setSilent(true);
  try {
    const waiting = await imagine('a quiet one', (task) => task.status === 'SUBMITTED');
    assert.equal((await svc.call<{ code: number }>('POST', `/mj/task/${waiting.id}/cancel`)).body.code, 1);
    assert.equal((await svc.waitForTask(waiting.id)).status, 'CANCEL');
  } finally {
    svc.sim.bots.midjourney.setSilent(false);
  }
  svc.sim.faults.dropConnections();

  const after = await scrapeUntil((families) => delta(families, 'mj_gateway_resumes_total', { account }) >= 1
    && delta(families, 'mj_notify_retries_total') >= 1
    && valueOf(families, 'mj_account_status', { account, status: 'ready' }) === 1, 'the resume, the hook retry and the account ready again');

  const imagineFast = { action: 'IMAGINE', mode: 'FAST' };
  assert.equal(delta(after, 'mj_tasks_submitted_total', imagineFast), 5);
  assert.equal(delta(after, 'mj_tasks_finished_total', { ...imagineFast, status: 'SUCCESS' }), 3);
  assert.equal(delta(after, 'mj_tasks_finished_total', { ...imagineFast, status: 'FAILURE' }), 1);
  assert.equal(delta(after, 'mj_tasks_finished_total', { ...imagineFast, status: 'CANCEL' }), 1);
  assert.equal(delta(after, 'mj_task_queue_wait_seconds_count', imagineFast), 5);
  assert.equal(delta(after, 'mj_task_run_seconds_count', { ...imagineFast, status: 'SUCCESS' }), 3);
  assert.ok(delta(after, 'mj_task_run_seconds_sum', { ...imagineFast, status: 'SUCCESS' }) >= 3 * 0.5 * 0.5, 'the runs took about a job each');

  const interactions = { route: 'POST /interactions' };
  assert.equal(delta(after, 'mj_discord_rate_limited_total', interactions), 1);
  assert.ok(delta(after, 'mj_discord_request_duration_seconds_count', interactions) >= 6, 'five jobs and the retry after the 429');
  assert.equal(valueOf(after, 'mj_discord_server_errors_total'), 0);
  assert.ok(delta(after, 'mj_gateway_reconnects_total', { account, mode: 'resume' }) >= 1);

  assert.ok(delta(after, 'mj_notify_deliveries_total') >= 5);
  assert.ok(hooks.calls.length > 0);
  assert.equal(delta(after, 'mj_translation_calls_total', { backend: 'deepl', target: 'en' }), 2);
  assert.equal(delta(after, 'mj_translation_failures_total', { backend: 'deepl', target: 'en' }), 1);

  assert.ok(delta(after, 'mj_store_operation_duration_seconds_count', { operation: 'save' }) >= 10);
  assert.equal(valueOf(after, 'mj_store_errors_total'), 0);
  assert.equal(valueOf(after, 'mj_incidents_total', { kind: 'parserErrors' }), 0);
  assert.ok(after.has('nodejs_eventloop_lag_seconds'));
  assert.equal(valueOf(after, 'mj_account_slots', { account }), 3);
});

test('no label holds a task id, a prompt or a token', async () => {
  const text = await (await fetch(`${svc.service.url}/metrics`, { headers: AUTH })).text();
  const labelValues = [...text.matchAll(/="((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? '');
  const token = svc.sim.info.accounts[0]?.userToken ?? 'no token';
  const account = svc.sim.info.accounts[0]?.channelId;
  assert.ok(labelValues.includes(account ?? ''), 'the account id is the one id labels hold');
  for (const value of labelValues.filter((label) => label !== account)) {
    assert.doesNotMatch(value, /\d{15,}/, `a Discord or task id in a label: ${value}`);
    assert.doesNotMatch(value, /roof|zebra|quiet|rain/, `a prompt in a label: ${value}`);
    assert.ok(!value.includes(token), 'a token in a label');
  }
});
