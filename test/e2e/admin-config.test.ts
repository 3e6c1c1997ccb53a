/**
 * Runtime configuration over real sockets: each change takes effect without a restart in the module
 * that owns it (translation, banned words, notify defaults, timeouts), credentials never come back
 * in clear nor reach a log line, and a bad value is refused with nothing applied.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/lib/logger.js';
import { fakeChat, fakeDeepl } from '../translate/fake-providers.js';
import type { FakeServer } from '../translate/fake-server.js';
import { startTestService, type TestService } from './harness.js';
import { startHookReceiver, type HookReceiver } from './hook-receiver.js';
import { submit } from './plus-helpers.js';

const ADMIN_SECRET = 'config-admin-secret';
const ADMIN = { 'mj-api-secret': ADMIN_SECRET };
const DEEPL_KEY = 'deepl-key-0123456789abcdef:fx';
const GPT_KEY = 'sk-proj-config-test-0123456789abcdefghij';
const GPT_MODEL = 'gpt-4o-mini';

interface View { config: Record<string, Record<string, unknown>>; sources: Record<string, string>; afterRestart: string[] }
interface Answer<T> { code: number; description: string; result: T | null }

let deepl: FakeServer;
let chat: FakeServer;
let hooks: HookReceiver;
let svc: TestService;
const logLines: string[] = [];

before(async () => {
  deepl = await fakeDeepl(DEEPL_KEY);
  chat = await fakeChat(GPT_KEY, GPT_MODEL);
  hooks = await startHookReceiver();
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  svc = await startTestService({
    server: { adminSecret: ADMIN_SECRET },
    translate: { gpt: { baseUrl: `${chat.url}/v1`, apiKey: GPT_KEY, model: GPT_MODEL } },
  }, undefined, createLogger('debug', 'json', capture));
});
after(async () => {
  await svc.close();
  await Promise.all([deepl.close(), chat.close(), hooks.close()]);
});

const get = async <T>(path: string) => (await svc.call<Answer<T>>('GET', `/mj${path}`, undefined, ADMIN)).body;
const put = async <T = View>(path: string, body: unknown) => (await svc.call<Answer<T>>('PUT', `/mj${path}`, body, ADMIN)).body;
const draw = (prompt: string, extra: Record<string, unknown> = {}) => svc.call<{ code: number; result: string; description: string; properties: Record<string, string> }>(
  'POST', '/mj/submit/imagine', { prompt, ...extra }, ADMIN).then((response) => response.body);

async function drawn(prompt: string) {
  const answer = await draw(prompt);
  assert.equal(answer.code, 1, JSON.stringify(answer));
  return svc.waitForTask(answer.result);
}

test('translation switched on and off at run time, through a fake DeepL; its key masked', async () => {
  assert.match((await drawn('一只猫')).promptEn, /[\u4e00-\u9fff]/, 'no translation before the change');
  const on = await put('/admin/config', { translate: { way: 'deepl', deepl: { authKey: DEEPL_KEY, baseUrl: deepl.url } } });
  assert.equal(on.code, 1, on.description);
  assert.equal(on.result?.config.translate?.deepl && (on.result.config.translate.deepl as { authKey: string }).authKey, 'dee…:fx');
  assert.equal(on.result?.sources['translate.way'], 'store');
  assert.equal(on.result?.sources['translate.zhWay'], 'default');
  const translated = await drawn('一只猫');
  assert.doesNotMatch(translated.promptEn, /[\u4e00-\u9fff]/);
  assert.ok(deepl.calls.length > 0);

  const off = await put('/admin/config', { translate: { way: 'none' } });
  assert.equal(off.code, 1);
  assert.match((await drawn('一只狗')).promptEn, /[\u4e00-\u9fff]/, 'no translation after switching it off');
  await put('/admin/config', { translate: null });
});

test('a banned word added through the API refuses the next submit with code 24; the list comes back as saved', async () => {
  const before = await get<string[]>('/admin/banned-words');
  assert.ok((before.result ?? []).length > 10, 'the shipped list');
  assert.equal((await draw('a zebracorn in the snow')).code, 1);
  const saved = await put<string[]>('/admin/banned-words', { words: [...(before.result ?? []), '  Zebracorn ', 'zebracorn', ''] });
  assert.equal(saved.code, 1, saved.description);
  assert.deepEqual(saved.result?.slice(-1), ['Zebracorn'], 'trimmed, blanks and repeats left out');
  const refused = await draw('a ZEBRACORN in the snow');
  assert.equal(refused.code, 24, JSON.stringify(refused));
  assert.equal(refused.properties.bannedWord, 'ZEBRACORN');
  assert.equal((await get<View>('/admin/config')).result?.sources['bannedWords.words'], 'store');
  await put('/admin/config', { bannedWords: { words: null } });
  assert.equal((await draw('a zebracorn again')).code, 1, 'back to the shipped list');
});

test('the global notify hook and the allowed hosts change at run time', async () => {
  const quiet = await drawn('nobody hears this');
  assert.equal(hooks.callsFor(quiet.id).length, 0);
  assert.equal((await put('/admin/config', { notify: { hook: hooks.url } })).code, 1);
  const heard = await drawn('the hook hears this');
  const receiver = await waitForCall(hooks, heard.id);
  assert.equal(receiver.at(-1)?.status, 'SUCCESS');

  assert.equal((await put('/admin/config', { notify: { allowedHosts: ['hooks.example.com'] } })).code, 1);
  const refused = await draw('hook elsewhere', { notifyHook: hooks.url });
  assert.equal(refused.code, 4);
  assert.match(refused.description, /notifyHook/);
  await put('/admin/config', { notify: null });
  assert.equal((await draw('hook allowed again', { notifyHook: hooks.url })).code, 1);
});

async function waitForCall(receiver: HookReceiver, taskId: string) {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const calls = receiver.callsFor(taskId);
    if (calls.some((call) => call.status === 'SUCCESS')) return calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no hook call for ${taskId}`);
}

test('the default task timeout changes at run time: a job gone quiet fails after the new one', async () => {
  // Long jobs whose messages are held: nothing a channel read could find either.
  const slow = await startTestService({ server: { adminSecret: ADMIN_SECRET }, demo: { jobSeconds: 60 } });
  try {
    const changed = await slow.call<Answer<View>>('PUT', '/mj/admin/config', { timeouts: { taskMinutes: 0.02 } }, ADMIN);
    assert.equal(changed.body.code, 1);
    const answer = await submit(slow, '/submit/imagine', { prompt: 'goes quiet' });
    slow.sim.faults.holdDispatches(10_000);
    const task = await slow.waitForTask(answer.result as string);
    assert.equal(task.status, 'FAILURE');
    assert.match(task.failReason ?? '', /0\.02/);
  } finally {
    slow.sim.faults.holdDispatches(1);
    await slow.close();
  }
});

test('images.previews switched on at run time: the next preview of a running task comes from mj-proxy', async () => {
  // Long jobs: several previews while the test looks.
  const jobSeconds = 20;
  const slow = await startTestService({ server: { adminSecret: ADMIN_SECRET }, demo: { jobSeconds } });
  try {
    const ours = `${slow.service.url}/mj/image/`;
    const id = (await submit(slow, '/submit/imagine', { prompt: 'a slow sunrise' })).result as string;
    const running = await slow.waitForTask(id, (task) => task.status === 'IN_PROGRESS' && task.imageUrl !== null, jobSeconds * 1000);
    assert.ok(!running.imageUrl?.startsWith(ours), 'Discord previews while the option is off');
    const answer = await slow.call<Answer<View>>('PUT', '/mj/admin/config', { images: { previews: true } }, ADMIN);
    assert.equal(answer.body.description, 'saved and applied');
    const hosted = await slow.waitForTask(id, (task) => task.status === 'IN_PROGRESS' && task.imageUrl?.startsWith(ours) === true, jobSeconds * 1000);
    assert.match(hosted.imageUrl ?? '', /\/preview-[0-9a-f]{12}\.webp$/);
    const later = await slow.call<Answer<View>>('PUT', '/mj/admin/config', { images: { store: 'none' } }, ADMIN);
    assert.equal(later.body.description, 'saved; images.store applies after restart');
  } finally {
    await slow.close();
  }
});

test('credentials: masked in every answer, a masked one sent back keeps it, none in any log line', async () => {
  const view = (await get<View>('/admin/config')).result;
  const gpt = view?.config.translate?.gpt as { apiKey: string };
  assert.equal(gpt.apiKey, 'sk-…hij');
  // The masked key goes back with the rest of the section, as a settings form sends it.
  const kept = await put('/admin/config', { translate: { way: 'gpt', timeoutMs: 4000, gpt: { ...gpt } } });
  assert.equal(kept.code, 1, kept.description);
  assert.equal(view?.sources['translate.gpt.apiKey'], 'yaml');
  assert.equal(kept.result?.sources['translate.gpt.apiKey'], 'yaml', 'the key itself did not change');
  assert.equal((await drawn('一只鸟')).promptEn, 'en(一只鸟)', 'the fake provider still accepts the key');
  await put('/admin/config', { translate: { gpt: { apiKey: `${GPT_KEY}-rotated` } } });
  assert.equal((await drawn('一只鱼')).promptEn, '一只鱼', 'a new key is used at once (the fake refuses it)');
  await put('/admin/config', { translate: null });

  const everything = [JSON.stringify(await get('/admin/config')), ...logLines].join('\n');
  for (const secret of [GPT_KEY, DEEPL_KEY, `${GPT_KEY}-rotated`]) assert.ok(!everything.includes(secret), 'a credential in clear');
  assert.ok(logLines.some((line) => line.includes('runtime configuration changed')), 'changes are logged, by key');
});

test('bad values are refused with code 4 naming the key, and nothing of the change is applied', async () => {
  const before = (await get<View>('/admin/config')).result;
  const cases: [unknown, RegExp][] = [
    [{ accountSelection: 'round-robin', notify: { concurrency: 0 } }, /^notify\.concurrency: /],
    [{ translate: { way: 'baidu' } }, /^translate\.baidu\.appId: is required/],
    [{ accountSelection: 'fastest' }, /^accountSelection: must be one of best-wait-idle/],
    [{ server: { apiSecret: 'x' } }, /^server: cannot be changed at run time/],
    [{ timeouts: { taskMinutes: -1 } }, /^timeouts\.taskMinutes: /],
    [{ translate: { color: 'red' } }, /^translate\.color: unknown key/],
    [{ bannedWords: { file: '/no/such/list.txt' } }, /^bannedWords\.file: cannot be read/],
    [[1, 2, 3], /^body: /],
  ];
  for (const [body, description] of cases) {
    const answer = await put('/admin/config', body);
    assert.equal(answer.code, 4, JSON.stringify(body));
    assert.match(answer.description, description);
    assert.equal(answer.result, null);
  }
  const words = await put('/admin/banned-words', { words: [{ word: 'nude' }] });
  assert.equal(words.code, 4);
  assert.match(words.description, /words/);
  assert.deepEqual((await get<View>('/admin/config')).result, before, 'nothing applied, nothing kept');
  assert.equal((await draw('a plain cat')).code, 1);
});

test('the admin secret is needed: without it nothing is read or changed', async () => {
  assert.equal((await svc.call('PUT', '/mj/admin/config', { accountSelection: 'random' }, { 'mj-api-secret': 'wrong' })).status, 401);
  assert.equal((await svc.call('GET', '/mj/admin/config')).status, 401);
  assert.equal((await svc.call('GET', '/mj/admin/banned-words')).status, 401);
  assert.equal((await get<View>('/admin/config')).result?.config.accountSelection, 'best-wait-idle');
});

test('without an admin secret: read-only, credentials masked, every change 403', async () => {
  const open = await startTestService({ translate: { deepl: { authKey: DEEPL_KEY } } });
  try {
    const read = await open.call<Answer<View>>('GET', '/mj/admin/config');
    assert.equal(read.status, 200);
    assert.ok(!read.text.includes(DEEPL_KEY));
    const change = await open.call<Answer<View>>('PUT', '/mj/admin/config', { accountSelection: 'random' });
    assert.equal(change.status, 403);
    assert.equal((await open.call('PUT', '/mj/admin/banned-words', { words: [] })).status, 403);
  } finally {
    await open.close();
  }
});

test('selection rule: best-wait-idle gives the second task to the idle account, weighted (weight 0 on it) keeps them off it', async () => {
  const { startSimulator } = await import('../../src/sim/index.js');
  const sim = await startSimulator({ jobSeconds: 3, accounts: 2 });
  const [a, b] = sim.info.accounts;
  assert.ok(a && b);
  const two = await startTestService({
    server: { adminSecret: ADMIN_SECRET },
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    // One slot each: the first task leaves only the other account with a free slot.
    accounts: [{ ...a, remark: 'heavy', weight: 1, coreSize: 1 }, { ...b, remark: 'never weighted', weight: 0, coreSize: 1 }],
  });
  try {
    const accountOf = async (prompt: string) => {
      const answer = await submit(two, '/submit/imagine', { prompt });
      assert.ok(answer.code === 1 || answer.code === 22, JSON.stringify(answer));
      return answer.properties.discordInstanceId;
    };
    const spread = new Set([await accountOf('one'), await accountOf('two')]);
    assert.equal(spread.size, 2, 'the account with a free slot takes the second task');
    const changed = await two.call<Answer<View>>('PUT', '/mj/admin/config', { accountSelection: 'weighted' }, ADMIN);
    assert.equal(changed.body.code, 1);
    for (const prompt of ['three', 'four', 'five']) assert.equal(await accountOf(prompt), a.channelId);
  } finally {
    await two.close();
    await sim.close();
  }
});
