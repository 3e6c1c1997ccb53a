/** buildApp: the whole HTTP API as a Fastify instance, separate from listen() so tests can inject. */
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config/schema.js';
import { decodeImageInput } from '../images/index.js';
import type { Logger } from '../lib/logger.js';
import type { TaskApi } from '../tasks/api-port.js';
import { imageField, type ImageDecoder } from './image-field.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { stripModePrefix } from './mode-prefix.js';
import { apiScope } from './routes/api-scope.js';
import { publicRoutes, type ImageParts } from './routes/public.js';
import { registerWire } from './wire.js';

export interface AppDeps {
  tasks: TaskApi;
  config: Config;
  logger: Logger;
  /** Serves the grid parts mj-proxy cuts itself (GET /mj/image/{taskId}/{n}.png). */
  images?: ImageParts;
  /** Replaces the image-input decoder (tests). */
  decodeImage?: ImageDecoder;
}

const DOC_PATH = '/mj/doc';
const API_PREFIX = '/mj';
const API_DOC_VERSION = '1.0.0';

/**
 * Bodies are JSON whatever their content type (curl sends form-urlencoded by default), and an empty
 * body is no body: clients POST /cancel with a JSON content type and nothing after it.
 */
function parseEveryBodyAsJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') done(null, undefined);
    else void parseJson(request, text, done);
  });
}

async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'mj-proxy',
        description: 'Midjourney and niji・journey through Discord user accounts, as the midjourney-proxy API. '
          + 'Every route is also served under /mj-fast, /mj-relax, /mj-turbo, /fast, /relax and /turbo, which select the mode.',
        version: API_DOC_VERSION,
      },
      components: {
        securitySchemes: {
          apiSecret: { type: 'apiKey', in: 'header', name: 'mj-api-secret' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ apiSecret: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOC_PATH });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { server } = deps.config;
  const app = Fastify({
    // Our pino Logger and Fastify's logger type differ only in generics.
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Relays poll several times a second: no access log line per request (failures are logged in wire.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: server.bodyLimitBytes,
    rewriteUrl: stripModePrefix,
    schemaController: lazySchemaCompilers(),
  });
  parseEveryBodyAsJson(app);
  registerWire(app, { english: server.english, bodyLimitBytes: server.bodyLimitBytes });
  // Any origin, preflight answered in the hook before auth; requested headers are echoed as allowed.
  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'POST', 'OPTIONS'] });
  await registerDocs(app);

  publicRoutes(app, deps.tasks, deps.images, DOC_PATH);
  const image = imageField(deps.decodeImage ?? decodeImageInput, server.imageLimitBytes);
  await app.register(apiScope, { prefix: API_PREFIX, tasks: deps.tasks, apiSecret: server.apiSecret, image });
  return app;
}
