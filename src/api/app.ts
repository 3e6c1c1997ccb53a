/** buildApp: the whole HTTP API as a Fastify instance, separate from listen() so tests can inject. */
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { RuntimeSettings } from '../config/runtime-settings.js';
import type { Config } from '../config/schema.js';
import { decodeImageInput, fetchPolicy, type FetchPolicy } from '../images/index.js';
import type { Logger } from '../lib/logger.js';
import type { TaskApi } from '../tasks/api-port.js';
import type { BannedWords } from '../tasks/banned-words.js';
import { imageField, type ImageDecoder } from './image-field.js';
import { lazyChildLogger } from './lazy-child-logger.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { stripModePrefix } from './mode-prefix.js';
import type { AccountAdmin } from './routes/admin-accounts.js';
import { adminScope } from './routes/admin-scope.js';
import { apiScope } from './routes/api-scope.js';
import { metricsRoute, type MetricsExposition } from './routes/metrics.js';
import { publicRoutes, type ImageFiles } from './routes/public.js';
import { nestsDeeperThan } from './json-depth.js';
import type { TaskFeed } from './task-follower.js';
import { registerWebUi } from './web-ui.js';
import { FieldError, registerWire, wireServerOptions, type WireOptions } from './wire.js';

export interface AppDeps {
  tasks: TaskApi;
  /** Changes of tasks, for the live streams. */
  changes: TaskFeed;
  config: Config;
  /** The configuration that changes at run time (GET/PUT /mj/admin/config); `current` is the one in force. */
  settings: Pick<RuntimeSettings, 'current' | 'view' | 'update'>;
  /** The managed accounts (the /mj/account/* admin routes); absent: no such routes. */
  accounts?: AccountAdmin;
  /** The banned-word list in force. */
  bannedWords: Pick<BannedWords, 'list'>;
  logger: Logger;
  /** The results mj-proxy re-hosts (GET /mj/image/{taskId}/{file}); absent with images.store: none. */
  images?: ImageFiles;
  /** Replaces the image-input decoder (tests). */
  decodeImage?: ImageDecoder;
  /** Where image URLs may lead; default: security.allowPrivateNetworks, plus the configured Discord endpoints. */
  imageFetchPolicy?: FetchPolicy;
  /** The built admin UI's folder (default: web/dist). */
  webRoot?: string;
  /** Served at GET /metrics; absent: no such route. */
  metrics?: MetricsExposition;
}

const DOC_PATH = '/mj/doc';
const API_PREFIX = '/mj';
const API_DOC_VERSION = '1.0.0';
/** Real bodies nest 3 levels; clients' extra fields get room, a hostile 100k-deep body does not. */
const MAX_BODY_DEPTH = 64;
/** Fastify's default: task ids are ~19 characters; a longer path parameter answers 414. */
const MAX_PARAM_LENGTH = 100;

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
    else if (nestsDeeperThan(text, MAX_BODY_DEPTH)) done(new FieldError('body', { kind: 'depth', n: MAX_BODY_DEPTH }), undefined);
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
          adminSecret: { type: 'apiKey', in: 'header', name: 'mj-api-secret', description: 'the admin secret (server.adminSecret)' },
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
  const wire: WireOptions = { english: server.english, bodyLimitBytes: server.bodyLimitBytes, maxParamLength: MAX_PARAM_LENGTH };
  const app = Fastify({
    ...wireServerOptions(wire),
    // Node answers a missing Host with an empty 400 of its own; nothing here needs the Host.
    http: { requireHostHeader: false },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Our pino Logger and Fastify's logger type differ only in generics.
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Relays poll several times a second: no access log line per request (failures are logged in wire.ts).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: server.bodyLimitBytes,
    rewriteUrl: stripModePrefix,
    schemaController: lazySchemaCompilers(),
  });
  parseEveryBodyAsJson(app);
  registerWire(app, wire);
  // Any origin, preflight answered in the hook before auth; requested headers are echoed as allowed.
  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'] });
  await registerDocs(app);

  await publicRoutes(app, deps.tasks, deps.images, DOC_PATH);
  await registerWebUi(app, deps.webRoot);
  const policy = deps.imageFetchPolicy ?? fetchPolicy(deps.config.security.allowPrivateNetworks, Object.values(deps.config.discord));
  const decode: ImageDecoder = deps.decodeImage ?? ((value, limits) => decodeImageInput(value, { ...limits, fetchPolicy: policy }));
  const image = imageField(decode, server.imageLimitBytes);
  await app.register(apiScope, {
    prefix: API_PREFIX, tasks: deps.tasks, apiSecret: server.apiSecret, adminSecret: server.adminSecret, image,
    notifyHosts: () => deps.settings.current.notify.allowedHosts, feed: deps.changes, streamHeartbeatSeconds: server.streamHeartbeatSeconds,
  });
  await app.register(adminScope, {
    prefix: API_PREFIX, adminSecret: server.adminSecret, apiSecret: server.apiSecret,
    tasks: deps.tasks, settings: deps.settings, bannedWords: deps.bannedWords, accounts: deps.accounts,
  });
  const { metrics } = deps;
  if (metrics) await app.register(metricsRoute, { metrics, adminSecret: server.adminSecret, apiSecret: server.apiSecret });
  return app;
}
