/**
 * Judges a run from outside: every task (as fetch answers it) against the simulator's own record of
 * which interaction (by nonce) started which job, and the hook calls as a receiver got them.
 * Counts: stuck (not finished), mixed (fields naming another job), duplicated (one nonce or one
 * request run twice), lost (a job that finished on the simulator while its task failed), hooks out
 * of order.
 */
import type { LedgerInteraction, LedgerJob, LedgerSnapshot } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';

export interface Verdict {
  byStatus: Record<string, number>;
  stuck: string[];
  mixed: string[];
  duplicated: string[];
  lost: string[];
  hooksOutOfOrder: string[];
}

const JOB_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'CANCEL']);
const RANK: Record<string, number> = { NOT_START: 0, MODAL: 1, SUBMITTED: 1, IN_PROGRESS: 2, SUCCESS: 3, FAILURE: 3, CANCEL: 3 };
/** Interactions that are no task's job: account sync, seeds, Cancel Job, appeals. */
const SIDE_REQUESTS = /^(settings|info|show)$|^MJ::CancelJob::|^MJ::Prompts::/;

class Index {
  readonly byNonce = new Map<string, LedgerInteraction[]>();
  readonly jobsOf = new Map<string, LedgerJob[]>();

  constructor(readonly ledger: LedgerSnapshot) {
    for (const interaction of ledger.interactions) this.byNonce.set(interaction.nonce, [...(this.byNonce.get(interaction.nonce) ?? []), interaction]);
    for (const job of ledger.jobs) this.jobsOf.set(job.interactionId, [...(this.jobsOf.get(job.interactionId) ?? []), job]);
  }

  interactionOf(task: Task): LedgerInteraction | undefined {
    const nonce = task.properties.nonce;
    return nonce ? this.byNonce.get(nonce)?.[0] : undefined;
  }
}

/** Why a finished task's fields do not all come from the job its own interaction started ('' when they do). */
function mixUp(task: Task, index: Index): string {
  const interaction = index.interactionOf(task);
  if (!interaction) return 'no interaction with the task\'s nonce';
  const answer = task.properties.messageId ?? '';
  const jobs = index.jobsOf.get(interaction.id) ?? [];
  if (jobs.length === 0) return index.ledger.answers[answer] === interaction.id ? '' : `message ${answer} answers another interaction`;
  const job = jobs.find((candidate) => candidate.id === task.properties.messageHash);
  if (!job) return `messageHash ${task.properties.messageHash} is not the job of its nonce (${jobs.map((j) => j.id).join(', ')})`;
  if (job.finalMessageId !== answer) return `messageId ${answer} is not the final message of ${job.id}`;
  const named = new Set([...(task.imageUrl ?? '').matchAll(JOB_ID), ...task.buttons.flatMap((b) => [...b.customId.matchAll(JOB_ID)])].map((m) => m[0]));
  const foreign = [...named].filter((id) => id !== job.id);
  return foreign.length > 0 ? `fields name ${foreign.join(', ')}` : '';
}

function requestKey(interaction: LedgerInteraction): string {
  const { request } = interaction;
  return [interaction.userId, request.type, request.name, request.messageId ?? '', request.prompt ?? '', request.uploads.join(',')].join('|');
}

/** Nonces that reached Discord twice, and requests that ran (made a job or an answer) more than once. */
function duplicates(index: Index): string[] {
  const found: string[] = [];
  for (const [nonce, interactions] of index.byNonce) if (interactions.length > 1) found.push(`nonce ${nonce} reached Discord ${interactions.length} times`);
  const answered = new Set(Object.values(index.ledger.answers));
  const ran = new Map<string, number>();
  for (const interaction of index.ledger.interactions) {
    if (SIDE_REQUESTS.test(interaction.request.name)) continue;
    if (!index.jobsOf.has(interaction.id) && !answered.has(interaction.id)) continue;
    const key = requestKey(interaction);
    ran.set(key, (ran.get(key) ?? 0) + 1);
  }
  for (const [key, count] of ran) if (count > 1) found.push(`request ${key} ran ${count} times`);
  return found;
}

/**
 * Never backwards; after a terminal call only the same status again (the result re-hosted at
 * stable URLs is told once more, issue 13), never another one.
 */
function hooksInOrder(calls: readonly Task[]): boolean {
  let rank = -1;
  let percent = -1;
  let terminal: string | null = null;
  for (const call of calls) {
    const next = RANK[call.status] ?? 0;
    if (terminal !== null) {
      if (call.status !== terminal) return false;
      continue;
    }
    if (next < rank) return false;
    const shown = Number.parseInt(call.progress, 10) || 0;
    if (call.status === 'IN_PROGRESS' && next === rank && shown < percent) return false;
    rank = next;
    percent = call.status === 'IN_PROGRESS' ? shown : percent;
    if (TERMINAL.has(call.status)) terminal = call.status;
  }
  return true;
}

export function judge(tasks: readonly Task[], ledger: LedgerSnapshot, hooks: ReadonlyMap<string, Task[]> = new Map()): Verdict {
  const index = new Index(ledger);
  const verdict: Verdict = { byStatus: {}, stuck: [], mixed: [], duplicated: duplicates(index), lost: [], hooksOutOfOrder: [] };
  for (const task of tasks) {
    verdict.byStatus[task.status] = (verdict.byStatus[task.status] ?? 0) + 1;
    if (!TERMINAL.has(task.status)) verdict.stuck.push(`${task.id} ${task.status}`);
    if (task.status === 'SUCCESS') {
      const why = mixUp(task, index);
      if (why) verdict.mixed.push(`${task.id} ${task.action}: ${why}`);
    }
    if (task.status === 'FAILURE') {
      const interaction = index.interactionOf(task);
      const finished = (interaction ? index.jobsOf.get(interaction.id) ?? [] : []).filter((job) => job.status === 'done');
      if (finished.length > 0) verdict.lost.push(`${task.id} ${task.action} failed (${task.failReason}) but job ${finished[0]?.id} finished`);
    }
    const calls = hooks.get(task.id);
    if (calls && !hooksInOrder(calls)) verdict.hooksOutOfOrder.push(`${task.id}: ${calls.map((c) => `${c.status}/${c.progress}`).join(' → ')}`);
  }
  return verdict;
}

/** The table the soak prints. */
export function table(verdict: Verdict, extra: Record<string, string> = {}): string {
  const rows: [string, string][] = [
    ...Object.entries(verdict.byStatus).sort().map(([status, count]): [string, string] => [`tasks ${status}`, String(count)]),
    ['stuck (not finished)', String(verdict.stuck.length)],
    ['mixed (fields of another job)', String(verdict.mixed.length)],
    ['duplicated jobs', String(verdict.duplicated.length)],
    ['lost (job done, task failed)', String(verdict.lost.length)],
    ['hooks out of order', String(verdict.hooksOutOfOrder.length)],
    ...Object.entries(extra),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `| ${name.padEnd(width)} | ${value.padStart(8)} |`).join('\n');
}
