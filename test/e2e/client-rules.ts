/**
 * The task fields as front ends and relays read them, written down as assertions. Each rule names the
 * client habit it protects:
 * - truthiness: `if (task.imageUrl)`, `if (task.videoUrls) showVideos() else if (task.imageUrls) showGrid()
 *   else showImage()` — an empty list is truthy, so "nothing" must be null, never `[]` (SPEC §3);
 * - lengths and loops: `task.buttons.length`, `task.buttons.find(b => b.customId.includes(...))`,
 *   `for (const { url } of task.imageUrls)`;
 * - string compares: `status === 'SUCCESS'`, `progress === '100%'` (stop the spinner), `parseInt(progress)`
 *   for a progress bar, `properties.finalZhPrompt === '' ? finalPrompt : finalZhPrompt`;
 * - images drawn from a URL without the API secret (the edit and animate buttons load it as data).
 */
import assert from 'node:assert/strict';
import { TASK_ACTIONS, TASK_STATUSES, isTerminal, type Task, type TaskAction, type TaskStatus } from '../../src/tasks/task.js';

export const TASK_KEYS = [
  'id', 'action', 'status', 'prompt', 'promptEn', 'description', 'state', 'submitTime', 'startTime', 'finishTime',
  'progress', 'imageUrl', 'imageUrls', 'videoUrl', 'videoUrls', 'seed', 'failReason', 'properties', 'buttons',
  'botType', 'mode',
] as const;

/** Results that are a 2×2 grid: their four images are listed in imageUrls. */
export const GRID_ACTIONS: ReadonlySet<TaskAction> = new Set(['IMAGINE', 'VARIATION', 'REROLL', 'ZOOM', 'PAN', 'BLEND']);

const PROGRESS = /^(\d{1,3})%$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/;
const STYLES = new Set([1, 2, 3, 4]);
/** Keys whose empty value is meaningful: buttons is a list clients call .length on; properties an object they index. */
const MAY_BE_EMPTY = new Set(['buttons', 'properties']);

/** How far along a status is; a task never moves to a lower rank (MODAL waits before being sent, like NOT_START). */
const STATUS_RANK: Record<TaskStatus, number> = { NOT_START: 0, MODAL: 0, SUBMITTED: 1, IN_PROGRESS: 2, SUCCESS: 3, FAILURE: 3, CANCEL: 3 };

export const percentOf = (task: Task): number => Number.parseInt(task.progress, 10);

function checkMedia(task: Task, where: string): void {
  for (const key of ['imageUrls', 'videoUrls'] as const) {
    const list = task[key];
    assert.ok(list === null || (Array.isArray(list) && list.length > 0), `${where}: ${key} is null or lists media, never []`);
    for (const item of list ?? []) {
      assert.deepEqual(Object.keys(item), ['url'], `${where}: ${key} items are {url}`);
      assert.match(item.url, HTTP_URL, `${where}: ${key} urls are absolute`);
    }
  }
  if (task.imageUrl !== null) assert.match(task.imageUrl, HTTP_URL, `${where}: imageUrl is absolute`);
  // `if (task.videoUrls)` chooses the video player: only a finished video may take that branch.
  assert.equal(task.videoUrls !== null, task.status === 'SUCCESS' && task.action === 'VIDEO', `${where}: videoUrls only on a finished VIDEO`);
  assert.equal(task.videoUrl, task.videoUrls?.[0]?.url ?? null, `${where}: videoUrl is the first of videoUrls`);
  // `else if (task.imageUrls)` shows a 2×2 grid and skips loading imageUrl: only a finished grid may take it.
  if (task.imageUrls !== null) {
    assert.ok(task.status === 'SUCCESS' && GRID_ACTIONS.has(task.action), `${where}: imageUrls only on a finished grid`);
    assert.equal(task.imageUrls.length, 4, `${where}: a grid lists four images`);
  }
}

function checkProgress(task: Task, where: string): void {
  const match = PROGRESS.exec(task.progress);
  assert.ok(match, `${where}: progress "${task.progress}" is "N%"`);
  const percent = percentOf(task);
  assert.ok(percent >= 0 && percent <= 100, `${where}: progress within 0..100%`);
  // `progress === '100%'` stops the spinner; anything finished is 100%, nothing running is.
  assert.equal(percent === 100, task.status === 'SUCCESS' || task.status === 'FAILURE', `${where}: 100% exactly when SUCCESS or FAILURE`);
  if (task.status === 'NOT_START' || task.status === 'SUBMITTED' || task.status === 'MODAL') assert.equal(task.progress, '0%', `${where}: not started is 0%`);
}

function checkButtons(task: Task, where: string): void {
  assert.ok(Array.isArray(task.buttons), `${where}: buttons is always a list`);
  if (task.status !== 'SUCCESS') assert.equal(task.buttons.length, 0, `${where}: buttons appear with SUCCESS`);
  for (const button of task.buttons) {
    assert.ok(typeof button.customId === 'string' && button.customId.length > 0, `${where}: every button has a customId`);
    assert.equal(typeof button.emoji, 'string', `${where}: emoji is a string`);
    assert.equal(typeof button.label, 'string', `${where}: label is a string`);
    assert.equal(typeof button.type, 'number', `${where}: type is a number`);
    assert.ok(STYLES.has(button.style), `${where}: style is Discord's 1..4`);
  }
}

function checkTimes(task: Task, where: string): void {
  assert.equal(typeof task.submitTime, 'number', `${where}: submitTime`);
  assert.equal(task.finishTime !== null, isTerminal(task.status), `${where}: finishTime exactly when finished`);
  if (task.status === 'SUBMITTED' || task.status === 'IN_PROGRESS' || task.status === 'SUCCESS') {
    assert.equal(typeof task.startTime, 'number', `${where}: startTime once sent`);
  }
}

/** Every rule that holds for any one snapshot of a task, from fetch, a list, the queue or a notify hook. */
export function checkSnapshot(task: Task, where: string): void {
  assert.deepEqual(Object.keys(task).sort(), [...TASK_KEYS].sort(), `${where}: every key present`);
  for (const [key, value] of Object.entries(task)) {
    if (MAY_BE_EMPTY.has(key) || value === null || typeof value !== 'object') continue;
    assert.ok(Object.keys(value as object).length > 0, `${where}: ${key} is null rather than empty`);
  }
  assert.match(task.id, /^\d{16,}$/, `${where}: id is a string of digits`);
  assert.ok((TASK_ACTIONS as readonly string[]).includes(task.action), `${where}: action`);
  assert.ok((TASK_STATUSES as readonly string[]).includes(task.status), `${where}: status`);
  for (const key of ['prompt', 'promptEn', 'description'] as const) assert.equal(typeof task[key], 'string', `${where}: ${key} is a string`);
  assert.ok(task.state === null || typeof task.state === 'string', `${where}: state`);
  assert.ok(task.seed === null || /^\d+$/.test(task.seed), `${where}: seed`);
  assert.ok(['MID_JOURNEY', 'NIJI_JOURNEY', 'INSIGHT_FACE'].includes(task.botType), `${where}: botType`);
  assert.ok(['FAST', 'RELAX', 'TURBO'].includes(task.mode), `${where}: mode`);
  // Relays re-poll a failure without a reason; a reason on anything else reads as an error.
  if (task.status === 'FAILURE') assert.ok(task.failReason && task.failReason.trim().length > 0, `${where}: a failure says why`);
  else assert.equal(task.failReason, null, `${where}: failReason only on FAILURE`);
  assert.ok(typeof task.properties === 'object' && task.properties !== null && !Array.isArray(task.properties), `${where}: properties is an object`);
  for (const [key, value] of Object.entries(task.properties)) assert.equal(typeof value, 'string', `${where}: properties.${key} is a string`);
  assert.equal(typeof task.properties.finalPrompt, 'string', `${where}: properties.finalPrompt`);
  assert.equal(typeof task.properties.finalZhPrompt, 'string', `${where}: properties.finalZhPrompt ("" when none)`);
  checkProgress(task, where);
  checkMedia(task, where);
  checkButtons(task, where);
  checkTimes(task, where);
}

/** Rules over the snapshots of one task in the order a client saw them. */
export function checkHistory(snapshots: readonly Task[], where: string): void {
  snapshots.forEach((task, i) => checkSnapshot(task, `${where} #${i}`));
  for (let i = 1; i < snapshots.length; i++) {
    const [before, after] = [snapshots[i - 1] as Task, snapshots[i] as Task];
    const step = `${where} #${i - 1}→#${i} (${before.status}→${after.status})`;
    if (isTerminal(before.status)) {
      // Result URLs may still be swapped for stable ones; the outcome itself never changes.
      for (const key of ['status', 'progress', 'finishTime', 'failReason', 'buttons'] as const) {
        assert.deepEqual(after[key], before[key], `${step}: a finished task keeps its ${key}`);
      }
      continue;
    }
    assert.ok(STATUS_RANK[after.status] >= STATUS_RANK[before.status], `${step}: status never goes back`);
    assert.ok(percentOf(after) >= percentOf(before), `${step}: progress never goes back`);
    for (const key of ['id', 'action', 'submitTime', 'state', 'botType'] as const) assert.equal(after[key], before[key], `${step}: ${key} is fixed`);
  }
}
