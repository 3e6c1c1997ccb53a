/**
 * The admin API (docs/admin-api.md): who am I, accounts, runtime configuration, dashboard numbers.
 * Reads of accounts fall back to the client API (GET /health) on a server that lacks the route.
 */
import { change, request, withFallback } from './client';
import type { Account, AccountFields, AccountHealth, Current, RuntimeConfig, Stats } from './types';

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
  const lock = health.lock ?? (health.moderationNotice ? { reason: health.moderationNotice, url: null, since: Date.now() } : null);
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

export const stats = (): Promise<Stats> => change<Stats>('GET', '/admin/stats');
