/** Routes that need no API secret: health, the served grid parts, the old docs address. */
import type { FastifyInstance } from 'fastify';
import { incidents } from '../../lib/incidents.js';
import type { AccountHealth, TaskApi } from '../../tasks/api-port.js';
import { ErrorBodySchema } from '../schemas/common.js';
import { HealthSchema, ImagePartParams, type ImagePartParamsT } from '../schemas/tasks.js';
import { WireError } from '../wire.js';

export interface ImageParts {
  /** Part `n` (1-based) of a task's grid as PNG bytes, undefined when it is not there. */
  getPart(taskId: string, n: number): Promise<Buffer | undefined>;
}

const PART_FILE = /^(\d+)\.png$/;
/** Parts never change once cut, so browsers and CDNs may keep them. */
const PART_CACHE_CONTROL = 'public, max-age=86400, immutable';
const noAuth: never[] = [];
const HTTP_OK = 200;
const HTTP_UNAVAILABLE = 503;
/** Account states in which it is not going to run anything until a human acts. */
const OUT_OF_SERVICE: ReadonlySet<string> = new Set(['disabled', 'stopped']);

type ServiceStatus = 'ok' | 'degraded' | 'down';

/** down: no account enabled and running; degraded: none ready (connecting, resuming, backing off); else ok. */
function serviceStatus(accounts: readonly AccountHealth[]): ServiceStatus {
  if (!accounts.some((account) => account.enable && !OUT_OF_SERVICE.has(account.status))) return 'down';
  return accounts.some((account) => account.status === 'ready') ? 'ok' : 'degraded';
}

export function publicRoutes(app: FastifyInstance, tasks: TaskApi, images: ImageParts | undefined, docPath: string): void {
  app.get('/mj/health', {
    schema: {
      tags: ['service'], summary: 'The state of each account and of the service (HTTP 503 when no account can work)',
      security: noAuth, response: { 200: HealthSchema, 503: HealthSchema },
    },
  }, (_request, reply) => {
    const accounts = tasks.health();
    const status = serviceStatus(accounts);
    return reply.status(status === 'down' ? HTTP_UNAVAILABLE : HTTP_OK).send({ status, accounts, incidents: incidents.snapshot() });
  });

  app.get<{ Params: ImagePartParamsT }>('/mj/image/:taskId/:file', {
    schema: {
      tags: ['service'], summary: 'One image of a finished grid (PNG)', security: noAuth, params: ImagePartParams,
      response: { 200: { description: 'PNG bytes', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } }, '4xx': ErrorBodySchema },
    },
  }, async (request, reply) => {
    const n = PART_FILE.exec(request.params.file)?.[1];
    const bytes = n === undefined ? undefined : await images?.getPart(request.params.taskId, Number(n));
    if (bytes === undefined) throw new WireError('image-not-found');
    return reply.type('image/png').header('cache-control', PART_CACHE_CONTROL).send(bytes);
  });

  app.get('/mj/doc.html', { schema: { hide: true } }, (_request, reply) => reply.redirect(docPath));
}
