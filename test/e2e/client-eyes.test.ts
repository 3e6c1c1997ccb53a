/**
 * Every kind of task, through all its states, over the real HTTP API against the simulator, looked at
 * with a front end's eyes (client-rules.ts): each fetch, list-by-condition, queue and list snapshot and
 * each notify-hook delivery, not just the end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { isTerminal, type Task, type TaskAction, type TaskStatus } from '../../src/tasks/task.js';
import { ClientEyes } from './client-eyes.js';
import { GRID_ACTIONS, checkHistory, checkSnapshot, percentOf } from './client-rules.js';
import { startTestService, type TestService } from './harness.js';
import { startHookReceiver, type HookReceiver } from './hook-receiver.js';
import { dataUrl, pngBase64 } from './images.js';
import type { Answer } from './plus-helpers.js';

const API_SECRET = 'front-end-secret';
const GRID_LABELS = ['U1', 'U2', 'U3', 'U4', 'V1', 'V2', 'V3', 'V4'];
const HOOK_WAIT_MS = 10_000;
const HOOK_POLL_MS = 50;
const CANCEL_JOB_SECONDS = 5;
const FRONT_END_STATE = '{"chat":"uuid-1","index":3}';

interface Expected {
  name: string;
  action: TaskAction;
  status: TaskStatus;
  /** The simulated job reports percentages, so an IN_PROGRESS snapshot with "NN%" must reach the hook. */
  progresses: boolean;
  /** Went through MODAL (code 21, then /submit/modal). */
  modal?: boolean;
  /** Which buttons a client looks for on the result. */
  buttons?: RegExp;
  failReason?: RegExp;
}

interface Walked extends Expected {
  id: string;
  /** The caller's `state`, to come back byte for byte. */
  state?: string;
}

/** One running service seen through a front end's eyes, with the tasks it walked. */
interface Session {
  svc: TestService;
  hooks: HookReceiver;
  eyes: ClientEyes;
  walked: Walked[];
}

async function openSession(jobSeconds: number): Promise<Session> {
  const hooks = await startHookReceiver();
  const svc = await startTestService({ server: { apiSecret: API_SECRET }, demo: { jobSeconds, coreSize: 6, queueSize: 20 } });
  return { svc, hooks, eyes: new ClientEyes(svc, { 'mj-api-secret': API_SECRET }), walked: [] };
}

async function closeSession({ svc, hooks, eyes }: Session): Promise<void> {
  await eyes.stop().catch(() => undefined);
  await svc.close();
  await hooks.close();
}

async function submit({ eyes, hooks }: Session, path: string, body: Record<string, unknown>, expectedCode = 1): Promise<Answer> {
  const answer = await eyes.api<Answer>('POST', `/mj${path}`, { ...body, notifyHook: hooks.url });
  assert.ok(answer.code === expectedCode || (expectedCode === 1 && answer.code === 22), `${path}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Submits, follows the task to its end and remembers what it must look like. */
async function walk(session: Session, expected: Expected, path: string, body: Record<string, unknown>): Promise<Task> {
  const id = (await submit(session, path, body)).result as string;
  session.walked.push({ ...expected, id, ...(typeof body.state === 'string' ? { state: body.state } : {}) });
  return session.eyes.until(id);
}

function buttonOf(task: Task, match: RegExp | string): string {
  const found = task.buttons.find((b) => (typeof match === 'string' ? b.label === match : match.test(b.customId)));
  assert.ok(found, `no ${match} among ${task.buttons.map((b) => b.customId).join(', ')}`);
  return found.customId;
}

/** A button that opens a modal: code 21, the task waits in MODAL, then /submit/modal runs it. */
async function walkModal(session: Session, expected: Expected, parent: Task, button: RegExp, modal: Record<string, unknown>): Promise<Task> {
  const id = (await submit(session, '/submit/action', { taskId: parent.id, customId: buttonOf(parent, button) }, 21)).result as string;
  session.walked.push({ ...expected, id, modal: true });
  await session.eyes.until(id, (task) => task.status === 'MODAL');
  await submit(session, '/submit/modal', { taskId: id, ...modal });
  return session.eyes.until(id);
}

/** What the edit and animate buttons of the front end do: load the result image as data, without the API secret. */
async function imageAsDataUrl(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return `data:${response.headers.get('content-type')};base64,${Buffer.from(await response.arrayBuffer()).toString('base64')}`;
}

const clickOn = (parent: Task, button: RegExp | string) => ({ taskId: parent.id, customId: buttonOf(parent, button) });

test('every action walks through its states with fields a front end can read', async (t) => {
  const session = await openSession(1);
  t.after(() => closeSession(session));
  const grid = await walk(session, { name: 'imagine', action: 'IMAGINE', status: 'SUCCESS', progresses: true, buttons: /upsample::1/ },
    '/submit/imagine', { prompt: 'a lighthouse at dusk', state: FRONT_END_STATE });
  const red = dataUrl(await pngBase64({ r: 220, g: 20, b: 20 }));
  const blue = dataUrl(await pngBase64({ r: 20, g: 20, b: 220 }, 96));
  const [single] = await Promise.all([
    walk(session, { name: 'U1', action: 'UPSCALE', status: 'SUCCESS', progresses: false, buttons: /Outpaint/ }, '/submit/action', clickOn(grid, 'U1')),
    walk(session, { name: 'V1', action: 'VARIATION', status: 'SUCCESS', progresses: true, buttons: /upsample/ }, '/submit/action', clickOn(grid, 'V1')),
    walk(session, { name: 'reroll', action: 'REROLL', status: 'SUCCESS', progresses: true, buttons: /upsample/ }, '/submit/action', clickOn(grid, /reroll/)),
    walk(session, { name: 'blend', action: 'BLEND', status: 'SUCCESS', progresses: true, buttons: /upsample/ }, '/submit/blend', { base64Array: [red, blue] }),
    walk(session, { name: 'describe', action: 'DESCRIBE', status: 'SUCCESS', progresses: false, buttons: /PicReader::1/ }, '/submit/describe', { base64: blue }),
    walk(session, { name: 'shorten', action: 'SHORTEN', status: 'SUCCESS', progresses: false, buttons: /PromptAnalyzer::1/ },
      '/submit/shorten', { prompt: 'a very beautiful majestic ancient castle on a misty mountain at golden hour' }),
    walk(session, { name: 'face swap', action: 'SWAP_FACE', status: 'SUCCESS', progresses: true }, '/insight-face/swap', { sourceBase64: red, targetBase64: blue }),
    walk(session, { name: 'failure', action: 'IMAGINE', status: 'FAILURE', progresses: false, failReason: /Invalid parameter/ },
      '/submit/imagine', { prompt: 'a cat --nonsense 3' }),
  ]);
  const mask = (await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toBuffer()).toString('base64');
  await Promise.all([
    walk(session, { name: 'zoom', action: 'ZOOM', status: 'SUCCESS', progresses: true, buttons: /upsample/ }, '/submit/action', clickOn(single, /MJ::Outpaint::50::/)),
    walk(session, { name: 'pan', action: 'PAN', status: 'SUCCESS', progresses: true, buttons: /upsample/ }, '/submit/action', clickOn(single, /pan_left/)),
    walkModal(session, { name: 'custom zoom (modal)', action: 'ZOOM', status: 'SUCCESS', progresses: true, buttons: /upsample/ },
      single, /MJ::CustomZoom::/, { prompt: 'a lighthouse --zoom 1.5' }),
    walkModal(session, { name: 'vary region (modal)', action: 'VARIATION', status: 'SUCCESS', progresses: true, buttons: /upsample/ },
      single, /MJ::Inpaint::/, { prompt: 'a red door', maskBase64: mask }),
    walk(session, { name: 'video from a result image', action: 'VIDEO', status: 'SUCCESS', progresses: true },
      '/submit/video', { prompt: 'waves rolling in', image: await imageAsDataUrl(single.imageUrl ?? ''), motion: 'low' }),
  ]);
  await checkSession(session);
});

test('a running task cancelled: IN_PROGRESS, then CANCEL, with fields a front end can read', async (t) => {
  // Long jobs, so that the cancel surely lands while the job runs.
  const session = await openSession(CANCEL_JOB_SECONDS);
  t.after(() => closeSession(session));
  const id = (await submit(session, '/submit/imagine', { prompt: 'a slow sunrise' })).result as string;
  session.walked.push({ name: 'cancel', action: 'IMAGINE', status: 'CANCEL', progresses: true, id });
  await session.eyes.until(id, (task) => task.status === 'IN_PROGRESS' && percentOf(task) > 0);
  assert.equal((await session.eyes.api<Answer>('POST', `/mj/task/${id}/cancel`)).code, 1);
  await session.eyes.until(id);
  await checkSession(session);
});

/** Every snapshot of every walked task, from every place a client reads tasks, then each task's end. */
async function checkSession(session: Session): Promise<void> {
  const { eyes, walked } = session;
  await eyes.stop();
  for (const expected of walked) await checkWalked(session, expected);
  for (const { where, task } of eyes.listed) checkSnapshot(task, `${where} ${task.action} ${task.id}`);
  assert.ok(eyes.listed.some(({ where }) => where === 'queue'), 'the queue was seen holding tasks');
  const recent = await eyes.api<Task[]>('GET', '/mj/task/list?size=100');
  for (const { id } of walked) assert.ok(recent.some((task) => task.id === id), `/task/list has ${id}`);
  recent.forEach((task) => checkSnapshot(task, `list ${task.action} ${task.id}`));
}

/**
 * The hook deliveries of a task once they have settled: a terminal one arrived and the last one is the
 * task exactly as fetch answers it (result URLs may still be swapped after the end, so wait for both to agree).
 */
async function settledHooks({ hooks, eyes }: Session, id: string): Promise<{ delivered: Task[]; fetched: Task }> {
  const deadline = Date.now() + HOOK_WAIT_MS;
  for (;;) {
    const delivered = hooks.callsFor(id);
    const fetched = await eyes.api<Task>('GET', `/mj/task/${id}/fetch`);
    const last = delivered.at(-1);
    const settled = last !== undefined && isTerminal(last.status) && JSON.stringify(last) === JSON.stringify(fetched);
    if (settled || Date.now() > deadline) return { delivered, fetched };
    await sleep(HOOK_POLL_MS);
  }
}

async function checkWalked(session: Session, expected: Walked): Promise<void> {
  const where = `${expected.name} (${expected.id})`;
  const { delivered, fetched: final } = await settledHooks(session, expected.id);
  const fetched = [...session.eyes.history(expected.id), final];
  checkHistory(fetched, `${where} fetch`);
  checkHistory(delivered, `${where} hook`);
  assert.equal(final.action, expected.action, where);
  assert.equal(final.status, expected.status, `${where}: ${final.failReason}`);
  assert.equal(final.state, expected.state ?? null, `${where}: state comes back byte for byte`);
  assert.ok(delivered.some((task) => isTerminal(task.status)), `${where}: a terminal hook`);
  assert.deepEqual(delivered.at(-1), final, `${where}: the last hook is the task as fetch answers it`);
  const statuses = new Set([...fetched, ...delivered].map((task) => task.status));
  if (expected.progresses) {
    assert.ok(delivered.some((task) => task.status === 'IN_PROGRESS' && /^\d+%$/.test(task.progress)), `${where}: an IN_PROGRESS hook with its percentage`);
  }
  if (expected.modal) assert.ok(statuses.has('MODAL'), `${where}: waited in MODAL`);
  if (expected.failReason) assert.match(final.failReason ?? '', expected.failReason, where);
  if (final.status === 'SUCCESS') await checkSuccess(final, expected, where);
}

/** A browser on another origin loads the media as data (canvas, blob): no API secret, and CORS open. */
async function loadsCrossOrigin(url: string, type: RegExp, where: string): Promise<void> {
  const response = await fetch(url, { headers: { origin: 'http://front-end.example' } });
  assert.equal(response.status, 200, `${where}: ${url}`);
  assert.match(response.headers.get('content-type') ?? '', type, `${where}: ${url}`);
  assert.equal(response.headers.get('access-control-allow-origin'), '*', `${where}: ${url}`);
  await response.arrayBuffer();
}

/** A finished result shows: its image (and grid, video) load from a front end; its buttons are there. */
async function checkSuccess(task: Task, expected: Walked, where: string): Promise<void> {
  // A shorten has no picture; a video's result is its clip, in videoUrl.
  if (task.action !== 'SHORTEN' && task.action !== 'VIDEO') assert.ok(task.imageUrl, `${where}: a finished ${task.action} has an image`);
  for (const url of [task.imageUrl, ...(task.imageUrls ?? []).map((item) => item.url)]) {
    if (url) await loadsCrossOrigin(url, /^image\//, where);
  }
  if (task.videoUrl) await loadsCrossOrigin(task.videoUrl, /^video\//, where);
  if (GRID_ACTIONS.has(task.action)) {
    assert.ok(task.imageUrls, `${where}: a grid lists its four images`);
    for (const label of GRID_LABELS) assert.ok(task.buttons.some((button) => button.label === label), `${where}: button ${label}`);
  }
  if (expected.buttons) assert.ok(task.buttons.some((button) => expected.buttons?.test(button.customId)), `${where}: a ${expected.buttons} button`);
}
