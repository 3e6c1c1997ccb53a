/**
 * The event id of the task streams, which `Last-Event-ID` brings back on a reconnect: one version
 * token per followed task, in the order of the ids asked for, so a resumed stream knows which state
 * of each task the client already holds. A token is a digest of the task JSON as sent.
 */
import { createHash } from 'node:crypto';

const TOKEN_HEX_CHARS = 12;
const SEPARATOR = '.';
/** A task the client has not been sent yet. */
const NOTHING = '-';

/** The version token of one serialised task. */
export function versionToken(json: string): string {
  return createHash('sha1').update(json).digest('hex').slice(0, TOKEN_HEX_CHARS);
}

export function formatCursor(tokens: readonly (string | undefined)[]): string {
  return tokens.map((token) => token ?? NOTHING).join(SEPARATOR);
}

/**
 * The tokens a `Last-Event-ID` names for `count` tasks; all unknown when it is absent or does not
 * fit (another id list, a foreign value): the stream then starts afresh, which may repeat an event
 * but never skips one.
 */
export function parseCursor(lastEventId: string | null | undefined, count: number): (string | undefined)[] {
  const unknown = new Array<string | undefined>(count).fill(undefined);
  if (!lastEventId) return unknown;
  const parts = lastEventId.split(SEPARATOR);
  const wellFormed = parts.length === count && parts.every((part) => part === NOTHING || /^[0-9a-f]+$/.test(part));
  return wellFormed ? parts.map((part) => (part === NOTHING ? undefined : part)) : unknown;
}
