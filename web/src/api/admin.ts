/**
 * The admin API (docs/admin-api.md): who am I, accounts, runtime configuration, dashboard numbers.
 * Reads fall back to the client API (GET /health, GET /task/list) on a server that lacks the route.
 */
import { change, request, withFallback } from './client';
import { recentTasks } from './tasks';
import type { Account, AccountFields, AccountHealth, Current, RuntimeConfig, Stats, Task } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
const STATS_SCAN_PAGE_SIZE = 500;
const STATS_SCAN_MAX_PAGES = 10;

export const health = (): Promise<{ status: string; accounts: AccountHealth[] }> => request('GET', '/health');

/**
 * Checks a secret (or none) and tells the role it gives. Without the admin route, a secret the
 * client API accepts counts as the admin's: the only thing the UI can then change is drawings.
 */
export function current(secret: string): Promise<Current> {
  const ask = () => change<Current>('GET', '/admin/current', undefined, { secret });
  return withFallback('admin/current', ask, async () => {
    if (!secret) return { role: 'READ_ONLY', adminSecretSet: null };
    await request('GET', '/task/list', undefined, { secret, query: { size: 1 } });
    return { role: 'ADMIN', adminSecretSet: null };
  });
}

/** An account as far as /health tells it, for servers without the account API. */
function accountFromHealth(health: AccountHealth): Account {
  const lock = health.moderationNotice ? { reason: health.moderationNotice, url: null, since: Date.now() } : null;
  return {
    id: health.instanceId, channelId: health.channelId, guildId: '', userToken: '', userAgent: '', dmChannelId: '', nijiChannelId: '',
    status: health.enable ? 'ENABLE' : 'DISABLED', enable: health.enable, disabledReason: health.disabledReason,
    coreSize: health.coreSize, queueSize: health.queueSize, timeoutMinutes: 0, mode: health.mode, fastExhausted: 'relax',
    remix: false, remixAutoSubmit: false, remark: health.remark, weight: 1, dayDrawLimit: -1, dayRelaxLimit: -1,
    dateCreated: null, lock,
    live: {
      connection: health.status, running: health.running, waiting: health.queued, today: {}, total: {},
      jobMode: null, info: null, settings: null,
    },
  };
}

export interface AccountList {
  accounts: Account[];
  /** false: the server has no account API; the list comes from /health and nothing can be changed. */
  manageable: boolean;
}

export function listAccounts(): Promise<AccountList> {
  return withFallback<AccountList>('account/list',
    async () => ({ accounts: await request<Account[]>('GET', '/account/list'), manageable: true }),
    async () => ({ accounts: (await health()).accounts.map(accountFromHealth), manageable: false }));
}

const accountPath = (id: string, verb: string): string => `/account/${encodeURIComponent(id)}/${verb}`;

export const accounts = {
  create: (fields: Partial<AccountFields>) => change<Account>('POST', '/account/create', fields),
  update: (id: string, fields: Partial<AccountFields>) => change<Account>('PUT', accountPath(id, 'update'), fields),
  reconnect: (id: string, fields: Partial<AccountFields> = {}) => change<Account>('PUT', accountPath(id, 'update-reconnect'), fields),
  remove: (id: string) => change<unknown>('DELETE', accountPath(id, 'delete')),
  syncInfo: (id: string) => change<unknown>('POST', accountPath(id, 'sync-info')),
  changeVersion: (id: string, version: string) => change<unknown>('POST', accountPath(id, 'change-version'), { version }),
  clickSetting: (id: string, customId: string) => change<unknown>('POST', accountPath(id, 'action'), { customId }),
  unlock: (id: string) => change<unknown>('POST', accountPath(id, 'unlock')),
};

export const runtimeConfig = {
  get: () => change<RuntimeConfig>('GET', '/admin/config'),
  save: (partial: object) => change<RuntimeConfig>('PUT', '/admin/config', partial),
  bannedWords: () => change<string[]>('GET', '/admin/banned-words'),
  saveBannedWords: (words: string[]) => change<string[]>('PUT', '/admin/banned-words', { words }),
};

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

/** Tasks submitted since `since`, newest first, read page by page from the recent list. */
async function tasksSince(since: number): Promise<Task[]> {
  const found: Task[] = [];
  for (let page = 0; page < STATS_SCAN_MAX_PAGES; page += 1) {
    const batch = await recentTasks(STATS_SCAN_PAGE_SIZE, page);
    const recent = batch.filter((task) => (task.submitTime ?? 0) >= since);
    found.push(...recent);
    if (batch.length < STATS_SCAN_PAGE_SIZE || recent.length < batch.length) break;
  }
  return found;
}

/** The dashboard numbers computed in the page from /health and the recent tasks. */
async function statsFromClientApi(): Promise<Stats> {
  const [{ accounts: list }, tasks] = await Promise.all([health(), tasksSince(Date.now() - DAY_MS)]);
  const midnight = new Date().setHours(0, 0, 0, 0);
  const stats: Stats = { accounts: { up: 0, down: 0, locked: 0 }, today: { byMode: {}, byAction: {} }, failures24h: [], fastHoursLeft: [] };
  for (const account of list) {
    if (account.moderationNotice) stats.accounts.locked += 1;
    else if (account.status === 'ready') stats.accounts.up += 1;
    else stats.accounts.down += 1;
  }
  const failures: Record<string, number> = {};
  for (const task of tasks) {
    if ((task.submitTime ?? 0) >= midnight) {
      count(stats.today.byMode, task.mode);
      count(stats.today.byAction, task.action);
    }
    if (task.status === 'FAILURE') count(failures, task.failReason ?? '');
  }
  stats.failures24h = Object.entries(failures).map(([reason, n]) => ({ reason, count: n })).sort((a, b) => b.count - a.count);
  return stats;
}

export function stats(): Promise<Stats> {
  return withFallback('admin/stats', () => change<Stats>('GET', '/admin/stats'), statsFromClientApi);
}

