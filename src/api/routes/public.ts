/** Routes that need no API secret: health, the served grid parts, the old docs address. */
import type { FastifyInstance } from 'fastify';
import type { TaskApi } from '../../tasks/api-port.js';
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

export function publicRoutes(app: FastifyInstance, tasks: TaskApi, images: ImageParts | undefined, docPath: string): void {
  app.get('/mj/health', {
    schema: { tags: ['service'], summary: 'Liveness and the state of each account', security: noAuth, response: { 200: HealthSchema } },
  }, () => ({ status: 'ok', accounts: tasks.health() }));

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
