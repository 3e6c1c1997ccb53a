/** A parser failure on one Discord message is never silent: logged with the message's ids, and counted. */
import { incidents, type IncidentCounters } from '../lib/incidents.js';
import type { Logger } from '../lib/logger.js';

const idField = (record: Record<string, unknown>, key: string): string | undefined => {
  const value = record[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

export function reportParserError(
  logger: Logger, accountId: string, dispatchType: string, d: unknown, error: unknown, counters: IncidentCounters = incidents,
): void {
  counters.count('parserErrors');
  const record = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
  logger.error({
    account: accountId, dispatch: dispatchType, messageId: idField(record, 'id') ?? null, channelId: idField(record, 'channel_id') ?? null, err: error,
  }, 'the Midjourney parser failed on a Discord message; its events are lost');
}
