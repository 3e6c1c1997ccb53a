// What the bundle gets for `import … from 'undici'` in our code (scripts/build.mjs): only the parts we
// use, from undici's own files. Its index loads every part (fetch, WebSocket, caches, mocks, proxies),
// which cost the built service ~5 MB resident and ~60 ms of start for nothing. Development (tsx) and
// the tests use the whole package, with the same files behind these names.
// An import of a name this file does not export fails the build, so nothing goes missing silently.
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import requestMethod from 'undici/lib/api/api-request.js';
import buildConnector from 'undici/lib/core/connect.js';
import { InvalidArgumentError } from 'undici/lib/core/errors.js';
import redirect from 'undici/lib/interceptor/redirect.js';
import { URL } from 'node:url';

// undici's index gives every dispatcher its request() method this way.
Dispatcher.prototype.request = requestMethod;

export { Agent, buildConnector };
export const interceptors = { redirect };

/**
 * undici's request(url, options) for callers that always name their dispatcher (ours do: each
 * connection pool has its limits and guards); there is no global one here.
 */
export function request(url, options) {
  if (!options?.dispatcher) throw new InvalidArgumentError('request() needs options.dispatcher in the built service');
  const { origin, pathname, search } = new URL(url);
  const { dispatcher, ...rest } = options;
  return dispatcher.request({ ...rest, origin, path: `${pathname}${search}`, method: rest.method || (rest.body ? 'PUT' : 'GET') });
}
