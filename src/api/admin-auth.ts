/**
 * The admin surface's authentication (docs/admin-api.md): the admin secret, never the API secret
 * alone. With no admin secret configured the admin surface is read-only: reads need what the client
 * API needs, every change is refused with 403.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { secretChecker } from './auth.js';
import { WireError } from './wire.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that only reads (a search): the read-only role may use it too. */
    adminRead?: boolean;
  }
}

export type AdminRole = 'ADMIN' | 'READ_ONLY';

const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

export interface AdminSecrets {
  adminSecret: string;
  apiSecret: string;
}

/** The role a request has on the admin surface; throws the wire answer when it has none. */
export function adminRoleChecker({ adminSecret, apiSecret }: AdminSecrets): (request: FastifyRequest) => AdminRole {
  if (adminSecret !== '') {
    const isAdmin = secretChecker(adminSecret);
    return (request) => {
      if (!isAdmin(request.headers)) throw new WireError('admin-unauthorized');
      return 'ADMIN';
    };
  }
  const isClient = secretChecker(apiSecret);
  return (request) => {
    if (!isClient(request.headers)) throw new WireError('unauthorized');
    if (!READ_METHODS.has(request.method) && request.routeOptions.config.adminRead !== true) throw new WireError('admin-unset');
    return 'READ_ONLY';
  };
}

/** Guards every route of this plugin scope. */
export function requireAdmin(scope: FastifyInstance, secrets: AdminSecrets): void {
  const roleOf = adminRoleChecker(secrets);
  scope.addHook('onRequest', async (request) => {
    roleOf(request);
  });
}
