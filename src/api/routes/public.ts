/** Routes that need no API secret: health, the images mj-proxy hosts, the old docs address. */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ServedImage } from '../../images/index.js';
import type { TaskApi } from '../../tasks/api-port.js';
import { ErrorBodySchema } from '../schemas/common.js';
import { HealthSchema, ImageFileParams, type ImageFileParamsT } from '../schemas/tasks.js';
import { WireError } from '../wire.js';

export interface ImageFiles {
  /** Where a hosted file of a task is (a local file, or an address to redirect to); undefined when unknown. */
  locate(taskId: string, file: string): Promise<ServedImage | undefined>;
}

/** Stored files never change under their name, so browsers and CDNs may keep them for a year. */
const IMMUTABLE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
const HTTP_FOUND = 302;
const noAuth: never[] = [];

/** Its own scope: @fastify/static's reply.sendFile (ETag, Last-Modified, 304, ranges) stays local to it. */
async function imageRoutes(scope: FastifyInstance, images: ImageFiles | undefined): Promise<void> {
  await scope.register(fastifyStatic, { serve: false });
  scope.get<{ Params: ImageFileParamsT }>('/mj/image/:taskId/:file', {
    schema: {
      tags: ['service'], summary: 'A result image, grid part, thumbnail or video mj-proxy re-hosted', security: noAuth,
      params: ImageFileParams, response: { '4xx': ErrorBodySchema },
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
    schema: { tags: ['service'], summary: 'Liveness and the state of each account', security: noAuth, response: { 200: HealthSchema } },
  }, () => ({ status: 'ok', accounts: tasks.health() }));

  await app.register((scope) => imageRoutes(scope, images));

  app.get('/mj/doc.html', { schema: { hide: true } }, (_request, reply) => reply.redirect(docPath));
}
