/**
 * An account as the pool manages it: its configuration plus what the admin API adds (id, state,
 * origin). Kept in the store as one JSON document; the fields an API call may change are checked here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AccountSchema, type AccountConfig } from '../config/schema.js';
import { maskSecret } from '../config/secrets.js';
import type { AccountRecord } from './account-store.js';

export type AccountStatus = 'ENABLE' | 'DISABLED' | 'LISTEN_ONLY';
export type FastExhausted = 'relax' | 'refuse';

export interface ManagedAccount extends AccountConfig {
  id: string;
  status: AccountStatus;
  fastExhausted: FastExhausted;
  dateCreated: number;
  /**
   * `yaml`: seeded from the configuration file and never edited since, so the file still rules it
   * (a rotated token in the YAML applies at the next start). `api`: created or edited through the
   * admin API; the store rules it.
   */
  origin: 'yaml' | 'api';
}

/** A deleted account seeded from YAML stays as a tombstone, so the next start does not seed it again. */
export interface AccountTombstone {
  id: string;
  channelId: string;
  deleted: true;
}

/** Refused input, naming the field (answered as code 4). */
export class AccountFieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

/** What a create or update body may set; every other key (id, live, lock, dateCreated…) is ignored. */
const EditableSchema = Type.Partial(Type.Object({
  ...Type.Omit(AccountSchema, ['timeoutMinutes']).properties,
  timeoutMinutes: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]),
  fastExhausted: Type.Union([Type.Literal('relax'), Type.Literal('refuse')]),
}));
export type AccountFields = Static<typeof EditableSchema>;
const EDITABLE_KEYS = Object.keys(EditableSchema.properties);

/** The id a created account may ask for: digits, letters, dash, underscore (it goes in URL paths). */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Discord ids are snowflakes; empty where the field is optional. */
const SNOWFLAKE = /^\d{1,25}$/;
const SNOWFLAKE_FIELDS = ['channelId', 'guildId', 'dmChannelId', 'nijiChannelId'] as const;

/** Picks and checks the editable fields of a body (unknown keys dropped, a bad value refused). */
export function editableFields(body: unknown): AccountFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const given = body as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  // Plus clients call the DM channel with the Midjourney bot `mjBotChannelId`.
  if (given.dmChannelId === undefined && typeof given.mjBotChannelId === 'string') picked.dmChannelId = given.mjBotChannelId.trim();
  for (const key of EDITABLE_KEYS) {
    const value = given[key];
    if (value !== undefined) picked[key] = typeof value === 'string' && key !== 'userToken' ? value.trim() : value;
  }
  const error = Value.Errors(EditableSchema, picked).First();
  if (error) throw new AccountFieldError(error.path.replace(/^\//, '') || 'body', error.message);
  const fields = picked as AccountFields;
  for (const key of SNOWFLAKE_FIELDS) {
    const value = fields[key];
    if (value && !SNOWFLAKE.test(value)) throw new AccountFieldError(key, 'must be a Discord id (digits)');
  }
  return fields;
}

export function checkNewId(id: unknown): string | undefined {
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw new AccountFieldError('id', 'must be 1 to 64 letters, digits, - or _');
  return id;
}

/** The state `enable` alone implies, for bodies and YAML entries that set no status. */
function statusOf(fields: { status?: AccountStatus; enable?: boolean }, current: AccountStatus): AccountStatus {
  if (fields.status) return fields.status;
  if (fields.enable === false) return 'DISABLED';
  if (fields.enable === true && current === 'DISABLED') return 'ENABLE';
  return current;
}

/** An account from the YAML / environment (its id is its channel id). */
export function fromConfig(config: AccountConfig, now: number): ManagedAccount {
  const status = statusOf(config, 'ENABLE');
  const fastExhausted = (config as { fastExhausted?: FastExhausted }).fastExhausted ?? 'relax';
  return { ...config, id: config.channelId, status, enable: status !== 'DISABLED', fastExhausted, dateCreated: now, origin: 'yaml' };
}

/** A new account from an API body: defaults for what it leaves out. */
export function fromFields(id: string, fields: AccountFields, now: number): ManagedAccount {
  const defaults = Value.Default(AccountSchema, {}) as AccountConfig;
  const status = statusOf(fields, 'ENABLE');
  const { timeoutMinutes, ...rest } = fields;
  const account: ManagedAccount = {
    ...defaults, ...rest, id, status, enable: status !== 'DISABLED', fastExhausted: fields.fastExhausted ?? 'relax', dateCreated: now, origin: 'api',
  };
  if (typeof timeoutMinutes === 'number') account.timeoutMinutes = timeoutMinutes;
  return account;
}

/**
 * The account with the body's fields applied. A token sent back as it was shown (masked) keeps the
 * token; `timeoutMinutes: null` returns to the configured default.
 */
export function withFields(current: ManagedAccount, fields: AccountFields): ManagedAccount {
  const { timeoutMinutes, userToken, ...rest } = fields;
  const status = statusOf(fields, current.status);
  const next: ManagedAccount = { ...current, ...rest, status, enable: status !== 'DISABLED', origin: 'api' };
  if (userToken !== undefined && userToken !== maskSecret(current.userToken)) next.userToken = userToken;
  if (timeoutMinutes === null) delete next.timeoutMinutes;
  else if (timeoutMinutes !== undefined) next.timeoutMinutes = timeoutMinutes;
  if (status !== 'DISABLED') delete next.disabledReason;
  return next;
}

export function isTombstone(record: AccountRecord): boolean {
  return record.deleted === true;
}

/** Records written by this module; older or foreign fields are defaulted as for a YAML account. */
export function fromRecord(record: AccountRecord): ManagedAccount {
  const defaults = Value.Default(AccountSchema, {}) as AccountConfig;
  const account = { ...defaults, ...record } as ManagedAccount;
  account.status ??= account.enable === false ? 'DISABLED' : 'ENABLE';
  account.fastExhausted ??= 'relax';
  account.origin ??= 'api';
  account.dateCreated ??= Date.now();
  return account;
}

export function toRecord(account: ManagedAccount | AccountTombstone): AccountRecord {
  return { ...account };
}
