/**
 * The simulator's HTTP side on one node:http server: REST under /api/v9 (and v10), the upload host
 * (PUT targets), the CDN (`/attachments`, `/ephemeral-attachments`, media copies under `/media`) and
 * the Midjourney activity host (`/discordsays`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MIDJOURNEY_APPLICATION_ID } from '../discord/protocol/index.js';
import { isRecord } from './guards.js';
import { BodyTooLargeError, parseJsonBody, readBody } from './rest-body.js';
import { attachmentRoutes } from './rest-attachments.js';
import { channelRoutes } from './rest-channels.js';
import { CONTROL_PATH, controlRoute, type ControlDeps } from './control.js';
import { postInteraction } from './rest-interactions.js';
import { miscRoutes } from './rest-misc.js';
import { RateLimitHeaders } from './rest-rate-limit.js';
import { discordError, type RestDeps, type RestReply, type Route } from './rest-types.js';

export const UPLOAD_PATH = '/upload';
export const MEDIA_PATH = '/media';
export const ACTIVITY_PATH = '/discordsays';

const API_PREFIX = /^\/api\/v(?:9|10)(?=\/)/;
const CDN_PATH = /^\/(?:ephemeral-)?attachments\//;
const JSON_LIMIT_BYTES = 10 * 1024 * 1024;
const UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;
const ANONYMOUS = 'anonymous';

export interface HttpOptions extends RestDeps {
  rateLimit: { limit: number; windowMs: number };
  gatewayUrl: string;
  /** Serves the control API under /_sim when given. */
  control?: ControlDeps;
}

export function createHttpHandler(options: HttpOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const routes: Route[] = [
    { method: 'POST', pattern: /^\/interactions$/, bucket: 'interactions', handle: postInteraction },
    ...channelRoutes,
    ...miscRoutes(options.gatewayUrl),
    ...attachmentRoutes,
  ];
  const rateLimits = new RateLimitHeaders(options.rateLimit);

  async function api(request: IncomingMessage, path: string, url: URL): Promise<RestReply> {
    const method = request.method ?? 'GET';
    const decoded = path.split('/').map(safeDecode).join('/');
    const match = routes.map((route) => ({ route, found: route.method === method ? route.pattern.exec(decoded) : null })).find((candidate) => candidate.found);
    const token = request.headers.authorization ?? '';
    const account = options.world.accountByToken(token);
    const limits = rateLimits.next(account?.userId ?? ANONYMOUS, match?.route.bucket ?? 'unknown');
    const withLimits = (reply: RestReply): RestReply => ({ ...reply, headers: { ...limits, ...reply.headers } });
    if (!account) return withLimits(discordError(401, 0, '401: Unauthorized'));
    if (!match?.found) return withLimits(discordError(404, 0, '404: Not Found'));
    const body = await readBody(request, JSON_LIMIT_BYTES);
    const reply = await match.route.handle({
      deps: options,
      account,
      params: match.found.slice(1),
      query: url.searchParams,
      body,
      contentType: request.headers['content-type'] ?? 'application/json',
    });
    return withLimits(reply);
  }

  async function upload(request: IncomingMessage, path: string): Promise<RestReply> {
    if (request.method !== 'PUT') return { status: 405 };
    const uploadFilename = path.slice(UPLOAD_PATH.length + 1).split('/').map(safeDecode).join('/');
    const bytes = await readBody(request, UPLOAD_LIMIT_BYTES);
    const stored = options.cdn.completeUpload(uploadFilename, bytes, request.headers['content-type']);
    return { status: stored ? 200 : 404 };
  }

  async function activity(request: IncomingMessage, path: string): Promise<RestReply> {
    const account = options.world.accountByToken(request.headers.authorization ?? '');
    if (!account) return discordError(401, 0, '401: Unauthorized');
    if (request.method !== 'POST' || path !== `${ACTIVITY_PATH}/inpaint/api/submit-job`) return discordError(404, 0, '404: Not Found');
    const parsed = await parseJsonBody(await readBody(request, JSON_LIMIT_BYTES), 'application/json');
    if (!parsed || !isRecord(parsed.value)) return discordError(400, 50109, 'The request body contains invalid JSON.');
    const customId = typeof parsed.value.customId === 'string' ? parsed.value.customId : '';
    const bot = options.world.iframeOwner(customId) ?? options.world.bot(MIDJOURNEY_APPLICATION_ID);
    if (!bot?.handleActivitySubmit) return discordError(404, 0, '404: Not Found');
    return bot.handleActivitySubmit(account.userId, parsed.value);
  }

  async function control(deps: ControlDeps, request: IncomingMessage, path: string): Promise<RestReply> {
    const parsed = request.method === 'POST' ? await parseJsonBody(await readBody(request, JSON_LIMIT_BYTES), 'application/json') : undefined;
    return controlRoute(deps, request.method ?? 'GET', path, parsed?.value);
  }

  function cdn(request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): void {
    const answer = request.method === 'GET' || request.method === 'HEAD' ? options.cdn.answer(path, query) : { kind: 'missing' as const };
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (answer.kind === 'outage') {
      response.writeHead(answer.status, { 'Content-Type': 'text/plain' }).end('upstream unavailable');
      return;
    }
    if (answer.kind === 'missing') {
      // Discord's answer to an unknown, unsigned or expired link alike.
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('This content is no longer available.');
      return;
    }
    const { file } = answer;
    response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length), 'Cache-Control': 'public, max-age=31536000' });
    response.end(request.method === 'HEAD' ? undefined : file.bytes);
  }

  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const cdnPath = path.startsWith(`${MEDIA_PATH}/`) ? path.slice(MEDIA_PATH.length) : path;
    if (CDN_PATH.test(cdnPath)) {
      cdn(request, response, cdnPath, url.searchParams);
      return;
    }
    const apiPrefix = API_PREFIX.exec(path);
    let work: Promise<RestReply>;
    if (apiPrefix) work = api(request, path.slice(apiPrefix[0].length), url);
    else if (path.startsWith(`${UPLOAD_PATH}/`)) work = upload(request, path);
    else if (path.startsWith(`${ACTIVITY_PATH}/`)) work = activity(request, path);
    else if (options.control && path.startsWith(`${CONTROL_PATH}/`)) work = control(options.control, request, path);
    else work = Promise.resolve(discordError(404, 0, '404: Not Found'));
    void work
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) return discordError(413, 40005, 'Request entity too large');
        options.logger.error({ err: error, path }, 'simulated Discord request failed');
        return discordError(500, 0, '500: Internal Server Error');
      })
      .then((reply) => send(response, reply));
  };
}

function send(response: ServerResponse, reply: RestReply): void {
  if (response.headersSent || response.destroyed) return;
  if (reply.reset) {
    reply.after?.();
    response.socket?.destroy();
    return;
  }
  const hasBody = reply.body !== undefined;
  const payload = hasBody ? JSON.stringify(reply.body) : '';
  response.writeHead(reply.status, {
    ...reply.headers,
    ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
    'Content-Length': String(Buffer.byteLength(payload)),
  });
  // Work after the answer (INTERACTION_CREATE, the bot's reaction) runs once it is out, exactly once.
  let done = false;
  const after = () => {
    if (done) return;
    done = true;
    reply.after?.();
  };
  response.once('close', after);
  response.end(payload, after);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
