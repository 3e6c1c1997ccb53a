/**
 * The simulator's control API for a test driving it from another process (`npm run sim -- --control`):
 * `POST /_sim/faults` applies one fault, `POST /_sim/midjourney` sets the bots' silence, `POST
 * /_sim/account` sets one account's fast hours or next-job trigger, `GET /_sim/ledger` reads the simulator's record. Loopback tooling only; real Discord has nothing like it.
 */
import type { SimFaults } from './faults.js';
import { isRecord } from './guards.js';
import type { SimLedger } from './ledger.js';
import type { RestReply } from './rest-types.js';

export const CONTROL_PATH = '/_sim';

type AccountTrigger = 'action-needed' | 'captcha' | 'pending-mod' | 'blocked' | 'subscription-required';
const TRIGGERS: ReadonlySet<string> = new Set<AccountTrigger>(['action-needed', 'captcha', 'pending-mod', 'blocked', 'subscription-required']);

interface ControlledBot {
  setSilent(on: boolean): void;
  setAccountState(userId: string, state: { fastHoursLeft?: number }): void;
  renewFastHours(userId: string, hours?: number): void;
  triggerNext(userId: string, kind: AccountTrigger): void;
}

export interface ControlDeps {
  faults: SimFaults;
  ledger: SimLedger;
  /** The Midjourney and niji・journey bots. */
  bots: ControlledBot[];
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const user = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Applies one fault described as JSON; answers how many connections it touched (where that applies). */
function applyFault(faults: SimFaults, body: Record<string, unknown>): RestReply {
  const userId = user(body.userId);
  const count = num(body.count, 1);
  let touched: number | undefined;
  switch (body.fault) {
    case 'drop': touched = faults.dropConnections(userId); break;
    case 'reconnect': touched = faults.sendReconnect(userId); break;
    case 'invalid-session': touched = faults.sendInvalidSession(body.resumable === true, userId); break;
    case 'close': touched = faults.closeConnections(num(body.code, 4000), '', userId); break;
    case 'hold': faults.holdDispatches(num(body.ms, 1000), userId); break;
    case 'reorder': faults.reorderNextDispatches(userId); break;
    case 'rate-limit': faults.rateLimitInteractions(count, { retryAfterSeconds: num(body.retryAfterSeconds, 1) }); break;
    case 'server-error': faults.failInteractions(count, num(body.status, 502), { processed: body.processed === true }); break;
    case 'reset': faults.resetInteractions(count, { processed: body.processed === true }); break;
    case 'reject-resume': faults.rejectNextResume(userId); break;
    case 'slow-ready': faults.delayNextReady(num(body.ms, 1000), userId); break;
    case 'cdn-outage': faults.cdnOutage(num(body.status, 503)); break;
    case 'slow-reads': faults.slowChannelReads(num(body.ms, 1000)); break;
    case 'cdn-restore': faults.endCdnOutage(); break;
    default: return { status: 400, body: { message: `unknown fault ${String(body.fault)}` } };
  }
  return { status: 200, body: { ok: true, ...(touched === undefined ? {} : { touched }) } };
}

/** `{userId, fastHoursLeft?, renew?: true | hours, trigger?}`: one account's fast hours, renewal or next-job trigger. */
function controlAccount(bots: readonly ControlledBot[], body: Record<string, unknown>): RestReply {
  const userId = user(body.userId);
  if (!userId) return { status: 400, body: { message: 'userId is required' } };
  const trigger = typeof body.trigger === 'string' ? body.trigger : undefined;
  if (trigger !== undefined && !TRIGGERS.has(trigger)) return { status: 400, body: { message: `unknown trigger ${trigger}` } };
  for (const bot of bots) {
    if (typeof body.fastHoursLeft === 'number') bot.setAccountState(userId, { fastHoursLeft: body.fastHoursLeft });
    if (body.renew === true) bot.renewFastHours(userId);
    else if (typeof body.renew === 'number') bot.renewFastHours(userId, body.renew);
    if (trigger !== undefined) bot.triggerNext(userId, trigger as AccountTrigger);
  }
  return { status: 200, body: { ok: true } };
}

export function controlRoute(deps: ControlDeps, method: string, path: string, body: unknown): RestReply {
  const fields = isRecord(body) ? body : {};
  if (method === 'GET' && path === `${CONTROL_PATH}/ledger`) return { status: 200, body: deps.ledger.snapshot() };
  if (method === 'POST' && path === `${CONTROL_PATH}/faults`) return applyFault(deps.faults, fields);
  if (method === 'POST' && path === `${CONTROL_PATH}/account`) return controlAccount(deps.bots, fields);
  if (method === 'POST' && path === `${CONTROL_PATH}/midjourney`) {
    for (const bot of deps.bots) bot.setSilent(fields.silent === true);
    return { status: 200, body: { ok: true } };
  }
  return { status: 404, body: { message: 'unknown control route' } };
}
