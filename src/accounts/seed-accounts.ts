/**
 * The accounts at start: the store's, with those of the YAML / environment seeded by channel id.
 * An account seeded from the YAML and never edited through the API follows the YAML (a rotated
 * token applies at the next start; one dropped from the file goes); once edited, the store rules it.
 * A deleted YAML account leaves a tombstone and is not seeded again.
 */
import type { AccountConfig } from '../config/schema.js';
import type { AccountStore } from './account-store.js';
import { fromConfig, fromRecord, isTombstone, toRecord, type ManagedAccount } from './managed-account.js';

export async function seedAccounts(store: AccountStore, configured: readonly AccountConfig[], now: number): Promise<ManagedAccount[]> {
  const records = await store.list();
  const deletedChannels = new Set(records.filter(isTombstone).map((record) => String(record.channelId)));
  const stored = records.filter((record) => !isTombstone(record)).map(fromRecord);
  const byChannel = new Map(stored.map((account) => [account.channelId, account]));
  const configuredChannels = new Set(configured.map((config) => config.channelId));
  const accounts: ManagedAccount[] = [];
  for (const account of stored) {
    if (account.origin === 'api') accounts.push(account);
    else if (!configuredChannels.has(account.channelId)) await store.delete(account.id);
  }
  for (const [index, config] of configured.entries()) {
    const known = byChannel.get(config.channelId);
    if (known?.origin === 'api' || deletedChannels.has(config.channelId)) continue;
    // New ones keep the file's order by their creation time.
    const account = { ...fromConfig(config, now + index), ...(known ? { id: known.id, dateCreated: known.dateCreated } : {}) };
    await store.put(toRecord(account));
    accounts.push(account);
  }
  return accounts.sort((a, b) => a.dateCreated - b.dateCreated || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
