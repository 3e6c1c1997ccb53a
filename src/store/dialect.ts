/**
 * Picks the Kysely dialect from the store url's scheme. Adding MySQL or PostgreSQL means one more
 * entry in OPENERS (plus the driver package); the task store itself is dialect-neutral.
 */
import type { Dialect } from 'kysely';
import { openSqliteDialect } from './sqlite-dialect.js';

export interface OpenedDialect {
  dialect: Dialect;
  /** For the start-up log line: never contains credentials. */
  description: string;
}

const OPENERS: Record<string, (url: string) => OpenedDialect> = {
  sqlite: openSqliteDialect,
};

export function openDialect(url: string): OpenedDialect {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  // Only the scheme is echoed: the rest of a database url may hold a password.
  if (scheme === undefined) throw new Error('store.url must start with a scheme, e.g. sqlite:./data/mj-proxy.db');
  const open = OPENERS[scheme];
  if (!open) {
    throw new Error(`store.url scheme "${scheme}:" is not supported yet (supported: ${Object.keys(OPENERS).join(', ')})`);
  }
  return open(url);
}
