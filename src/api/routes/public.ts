/** Routes that need no API secret: health, the images mj-proxy hosts, the old docs address. */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ServedImage } from '../../images/index.js';
import { incidents } from '../../lib/incidents.js';
import type { AccountHealth, TaskApi } from '../../tasks/api-port.js';
import { ErrorBodySchema } from '../schemas/common.js';
import { HealthSchema, ImageFileParams, type ImageFileParamsT } from '../schemas/tasks.js';
import { JSON_TYPE, WireError } from '../wire.js';

export interface ImageFiles {
  /** Where a hosted file of a task is (a local file, or an address to redirect to); undefined when unknown. */
  locate(taskId: string, file: string): Promise<ServedImage | undefined>;
}

/** Stored files never change under their name, so browsers and CDNs may keep them for a year. */
const IMMUTABLE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
const HTTP_FOUND = 302;
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

/** Its own scope: @fastify/static's reply.sendFile (ETag, Last-Modified, 304, ranges) stays local to it. */
async function imageRoutes(scope: FastifyInstance, images: ImageFiles | undefined): Promise<void> {
  await scope.register(fastifyStatic, { serve: false });
  scope.get<{ Params: ImageFileParamsT }>('/mj/image/:taskId/:file', {
    schema: {
      tags: ['service'], summary: 'A result image, grid part, thumbnail or video mj-proxy re-hosted', security: noAuth,
      params: ImageFileParams,
      response: {
        200: { description: 'the file (image/png, image/webp, image/jpeg, video/mp4 …)', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        302: { description: 'redirect to the file in the S3 bucket (presigned)', type: 'null' },
        '4xx': ErrorBodySchema,
      },
    },
  }, async (request, reply) => {
    const found = await images?.locate(request.params.taskId, request.params.file);
    if (!found) throw new WireError('image-not-found');
    if (found.kind === 'redirect') return reply.redirect(found.url, HTTP_FOUND);
    reply.header('access-control-allow-origin', '*');
    return reply.sendFile(found.path, found.root, { maxAge: IMMUTABLE_MAX_AGE_MS, immutable: true });
  });
}

export async function publicRoutes(app: FastifyInstance, tasks: TaskApi, images: ImageFiles | undefined, docPath: string): Promise<void> {
  app.get('/mj/health', {
    schema: {
      tags: ['service'], summary: 'The state of each account and of the service (HTTP 503 when no account can work)',
      security: noAuth, response: { 200: HealthSchema, 503: HealthSchema },
    },
  }, (_request, reply) => {
    const accounts = tasks.health();
    const status = serviceStatus(accounts);
    // Every field is made by our own code, as the schema says: JSON.stringify spares the first
    // health check after a start (what orchestrators wait for) the compilation of a serializer.
    const body = JSON.stringify({ status, accounts, incidents: incidents.snapshot() });
    return reply.status(status === 'down' ? HTTP_UNAVAILABLE : HTTP_OK).type(JSON_TYPE).send(body);
  });

  await app.register((scope) => imageRoutes(scope, images));

  app.get('/mj/doc.html', { schema: { hide: true } }, (_request, reply) => reply.redirect(docPath));
}
