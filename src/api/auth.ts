/** API-secret authentication (SPEC §2): `mj-api-secret: <s>` or `Authorization: Bearer <s>`. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { WireError } from './wire.js';

const BEARER = /^bearer\s+/i;

// Hashing both sides first gives equal lengths, so the comparison leaks neither content nor length.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A predicate telling whether headers carry the secret; always true when the secret is empty. */
export function secretChecker(secret: string): (headers: IncomingHttpHeaders) => boolean {
  if (secret === '') return () => true;
  const expected = digest(secret);
  const matches = (candidate: string): boolean => timingSafeEqual(digest(candidate), expected);
  return (headers) => {
    // Node lower-cases header names, so any spelling of mj-api-secret lands here.
    const direct = headerValues(headers['mj-api-secret']);
    // Some relays send the bare secret in Authorization, without the Bearer scheme.
    const authorization = headerValues(headers.authorization).map((value) => value.replace(BEARER, ''));
    return [...direct, ...authorization].some(matches);
  };
}

/**
 * Refuses, with 401 JSON, every request of this plugin scope that lacks the API secret. The admin
 * secret opens the client API too (the admin UI draws and cancels with it).
 */
export function requireSecret(scope: FastifyInstance, secret: string, adminSecret = ''): void {
  const api = secretChecker(secret);
  const admin = adminSecret === '' ? () => false : secretChecker(adminSecret);
  const authorised = (headers: IncomingHttpHeaders): boolean => api(headers) || admin(headers);
  // No secret: every request is let through, without a hook on the way of each.
  if (secret === '') return;
  // A callback hook, not an async one: this runs on every poll, and a promise per request shows.
  scope.addHook('onRequest', (request, _reply, done) => done(authorised(request.headers) ? undefined : new WireError('unauthorized')));
}
