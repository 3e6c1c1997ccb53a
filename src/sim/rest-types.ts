/** Shapes shared by the simulated REST routes. */
import type { Logger } from '../lib/logger.js';
import type { CdnStore } from './cdn-store.js';
import type { SimAccount } from './contracts.js';
import type { InteractionFaultQueue, ReadDelay } from './faults.js';
import type { SimWorldState } from './world.js';

export interface RestDeps {
  world: SimWorldState;
  cdn: CdnStore;
  interactionFaults: InteractionFaultQueue;
  readDelay: ReadDelay;
  /** Refuse a command `version` other than the current one (400 50035), as Discord can. */
  strictCommandVersions: boolean;
  /** The `version` of the application-command index. */
  commandIndexVersion: string;
  logger: Logger;
}

/** One answer: JSON (or empty) with extra headers, and work to do once it has been sent. */
export interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  after?: () => void;
  /** Fault: drop the connection instead of answering (`after` still runs). */
  reset?: boolean;
}

export interface RouteContext {
  deps: RestDeps;
  account: SimAccount;
  /** Decoded path parameters, in order. */
  params: string[];
  query: URLSearchParams;
  body: Buffer;
  contentType: string;
}

export interface Route {
  method: string;
  /** Matched against the decoded path after `/api/v9` (or v10). */
  pattern: RegExp;
  /** Rate-limit bucket name (hashed into X-RateLimit-Bucket). */
  bucket: string;
  handle(context: RouteContext): RestReply | Promise<RestReply>;
}

export function discordError(status: number, code: number, message: string, errors?: unknown): RestReply {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

/** 400 50035 with one nested `_errors` entry at `path` (e.g. ['data']). */
export function formError(path: string[], code: string, message: string): RestReply {
  let errors: Record<string, unknown> = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) errors = { [key]: errors };
  return discordError(400, 50035, 'Invalid Form Body', errors);
}
