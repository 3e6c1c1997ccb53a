/** The authenticated routes: everything under /mj but health, served images and docs. */
import type { FastifyInstance, preHandlerHookHandler, preValidationHookHandler } from 'fastify';
import type { TaskApi } from '../../tasks/api-port.js';
import { requireSecret } from '../auth.js';
import { refuseLossyIntegers } from '../lossy-numbers.js';
import type { RequestContext } from '../requests.js';
import type { TaskFeed } from '../task-follower.js';
import { FieldError } from '../wire.js';
import { streamRoutes } from './stream.js';
import { submitRoutes } from './submit.js';
import { taskRoutes } from './tasks.js';

export interface ApiScopeOptions {
  tasks: TaskApi;
  apiSecret: string;
  /** Opens the client API too. */
  adminSecret: string;
  image: RequestContext['image'];
  notifyHosts: () => readonly string[];
  feed: TaskFeed;
  streamHeartbeatSeconds: number;
}

/** Java and Go clients send unset fields as null: treat those as absent, at every object level. */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/**
 * The path of the first number that is not finite. The validator coerces the strings "Infinity" and
 * "1e999" into numbers that pass its integer and range checks, so they are looked for afterwards.
 */
function nonFiniteAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  const list = Array.isArray(value);
  for (const key of list ? value.keys() : Object.keys(value)) {
    const child: unknown = (value as Record<string | number, unknown>)[key];
    // Only a number or what nests can hold one: a list of 100 ids is passed over without a path each.
    if (typeof child !== 'number' && (child === null || typeof child !== 'object')) continue;
    const found = nonFiniteAt(child, list ? `${path}[${key}]` : path ? `${path}.${key}` : String(key));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Nulls dropped and no body read as an empty one, then the lossy-integer check of submits. */
const normalizeBody: preValidationHookHandler = (request, _reply, done) => {
  try {
    // No body reads as an empty one: a submit then fails on its first required field, by name.
    request.body = withoutNulls(request.body) ?? {};
    if (request.routeOptions.config.submit) refuseLossyIntegers(request.routeOptions.schema?.body, request.body);
    done();
  } catch (error) {
    done(error as Error);
  }
};

const refuseNonFinite: preHandlerHookHandler = (request, _reply, done) => {
  const field = nonFiniteAt(request.query, '') ?? nonFiniteAt(request.body, '');
  done(field === undefined ? undefined : new FieldError(field, { kind: 'finite' }));
};

/** A route's own hooks after these (as a scope's hooks run before a route's). */
function hooksFirst<T>(ours: T, theirs: T | T[] | undefined): T[] {
  return [ours, ...(theirs === undefined ? [] : Array.isArray(theirs) ? theirs : [theirs])];
}

export async function apiScope(scope: FastifyInstance, options: ApiScopeOptions): Promise<void> {
  requireSecret(scope, options.apiSecret, options.adminSecret);
  // Only routes that take a body or a query get the two checks: a poll (fetch) has neither, and
  // every hook phase a request goes through costs it a hook runner. Callback hooks, not async
  // ones: a promise per request shows.
  scope.addHook('onRoute', (route) => {
    if (route.schema?.body === undefined && route.schema?.querystring === undefined) return;
    route.preValidation = hooksFirst(normalizeBody, route.preValidation);
    route.preHandler = hooksFirst(refuseNonFinite, route.preHandler);
  });
  submitRoutes(scope, options.tasks, { image: options.image, notifyHosts: options.notifyHosts });
  taskRoutes(scope, options.tasks);
  await streamRoutes(scope, { tasks: options.tasks, feed: options.feed, heartbeatSeconds: options.streamHeartbeatSeconds });
}
