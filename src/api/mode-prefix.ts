/**
 * The mode prefixes of SPEC §1/§6 (/mj-fast/mj/..., /relax/mj/..., ...). The URL is rewritten to the
 * plain /mj route before routing and the prefix's mode remembered for the request, so every route
 * exists once (one schema compilation, one entry in the OpenAPI document) yet answers under all prefixes.
 */
import type { IncomingMessage } from 'node:http';
import type { TaskMode } from '../tasks/task.js';

const MODE_OF_PREFIX: Readonly<Record<string, TaskMode>> = {
  'mj-fast': 'FAST', 'mj-relax': 'RELAX', 'mj-turbo': 'TURBO', fast: 'FAST', relax: 'RELAX', turbo: 'TURBO',
};
const MODE_PREFIX = /^\/(mj-fast|mj-relax|mj-turbo|fast|relax|turbo)(?=\/mj(?:[/?]|$))/;

const modes = new WeakMap<IncomingMessage, TaskMode>();

/** For Fastify's rewriteUrl: the URL without its mode prefix. */
export function stripModePrefix(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const match = MODE_PREFIX.exec(url);
  const mode = match?.[1] === undefined ? undefined : MODE_OF_PREFIX[match[1]];
  if (match === null || mode === undefined) return url;
  modes.set(request, mode);
  return url.slice(match[0].length);
}

/** The mode the request's URL prefix selected, if any. */
export function prefixModeOf(request: IncomingMessage): TaskMode | undefined {
  return modes.get(request);
}
