/**
 * The admin web UI (`web/`, built into `web/dist` by `npm run build:web`) at `/` and at `/admin/`.
 * The UI's assets are referenced relatively and it routes by URL hash, so one build serves both places.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** web/dist beside src/ (and beside a built server's folder of the same depth). */
export const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const ADMIN_PREFIX = '/admin/';
const HTTP_NOT_FOUND = 404;
/** Vite puts hashed, never-changing file names under assets/; everything else is revalidated. */
const ASSETS_CACHE_CONTROL = 'public, max-age=31536000, immutable';
const PAGE_CACHE_CONTROL = 'no-cache';

function cacheHeaders(reply: FastifyReply, path: string): void {
  const hashedAsset = path.split(/[\\/]/).includes('assets');
  reply.header('cache-control', hashedAsset ? ASSETS_CACHE_CONTROL : PAGE_CACHE_CONTROL);
}

export async function registerWebUi(app: FastifyInstance, root = WEB_ROOT): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    // A checkout installed with --ignore-scripts has no build: say how to make one, in JSON like every answer.
    const notBuilt = { code: HTTP_NOT_FOUND, description: 'The admin UI is not built: run `npm run build:web` and restart' };
    for (const path of ['/', '/admin', ADMIN_PREFIX]) {
      app.get(path, { schema: { hide: true } }, (_request, reply) => reply.status(HTTP_NOT_FOUND).send(notBuilt));
    }
    return;
  }
  // One route per built file (no wildcard), so unknown paths keep the API's JSON 404.
  const common = { root, wildcard: false, index: 'index.html', setHeaders: cacheHeaders, schemaHide: true };
  await app.register(fastifyStatic, { ...common, prefix: '/' });
  await app.register(fastifyStatic, { ...common, prefix: ADMIN_PREFIX, decorateReply: false });
  // Relative, so it also holds behind a proxy that serves mj-proxy under a path.
  app.get('/admin', { schema: { hide: true } }, (_request, reply) => reply.redirect('admin/'));
}
