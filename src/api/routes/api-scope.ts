/** The authenticated routes: everything under /mj but health, served images and docs. */
import type { FastifyInstance } from 'fastify';
import type { TaskApi } from '../../tasks/api-port.js';
import { requireSecret } from '../auth.js';
import type { RequestContext } from '../requests.js';
import type { TaskFeed } from '../task-follower.js';
import { streamRoutes } from './stream.js';
import { submitRoutes } from './submit.js';
import { taskRoutes } from './tasks.js';

export interface ApiScopeOptions {
  tasks: TaskApi;
  apiSecret: string;
  image: RequestContext['image'];
  feed: TaskFeed;
  streamHeartbeatSeconds: number;
}

/** Java and Go clients send unset fields as null: treat those as absent, at every object level. */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

export async function apiScope(scope: FastifyInstance, options: ApiScopeOptions): Promise<void> {
  requireSecret(scope, options.apiSecret);
  scope.addHook('preValidation', async (request) => {
    // No body reads as an empty one: a submit then fails on its first required field, by name.
    request.body = withoutNulls(request.body) ?? {};
  });
  submitRoutes(scope, options.tasks, options.image);
  taskRoutes(scope, options.tasks);
  await streamRoutes(scope, { tasks: options.tasks, feed: options.feed, heartbeatSeconds: options.streamHeartbeatSeconds });
}
