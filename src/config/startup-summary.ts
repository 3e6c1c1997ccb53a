/**
 * The one line an operator reads at start-up: what runs (demo or how many accounts), where tasks
 * are kept (without credentials), where it listens, whether the API needs a secret; and warnings for
 * the settings that are risky or surprising when left empty.
 */
import type { AddressInfo } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Config } from './schema.js';

export interface StartupSummary {
  mode: string;
  store: string;
  /** Where the server is bound, e.g. http://0.0.0.0:8080. */
  address: string;
  auth: 'on' | 'off';
  warnings: string[];
}

const MASK = '***';
/** Query parameters some drivers accept credentials in. */
const SECRET_PARAMS = ['password', 'pass', 'pwd', 'token', 'secret'];

/** A connection URL with its password (and password-like parameters) masked. */
export function withoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can read: show nothing of it that could be secret.
    return url.includes('@') ? MASK : url;
  }
  if (parsed.password !== '') parsed.password = MASK;
  for (const name of SECRET_PARAMS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, MASK);
  return parsed.toString();
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  try {
    const address = ipaddr.process(host.replace(/^\[|\]$/g, ''));
    return address.range() === 'loopback';
  } catch {
    return false;
  }
}

function modeOf(config: Config, demo: boolean): string {
  if (demo) return 'demo (no account configured: the in-process simulated Discord and Midjourney)';
  const enabled = config.accounts.filter((account) => account.enable).length;
  const total = config.accounts.length;
  return `${total} account${total === 1 ? '' : 's'}${enabled === total ? '' : ` (${enabled} enabled)`}`;
}

/**
 * @param bound the server's bound address (server.address())
 * @param publicBase the base of image URLs mj-proxy serves itself
 * @param demo whether demo mode runs (no account configured)
 */
export function startupSummary(config: Config, bound: AddressInfo, publicBase: string, demo: boolean): StartupSummary {
  const { server } = config;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const warnings: string[] = [];
  if (server.apiSecret === '' && !isLoopback(bound.address)) {
    warnings.push(`server.apiSecret is empty while the API listens on ${bound.address}: anyone who reaches port ${bound.port} can use the accounts`);
  }
  if (server.publicUrl === '') {
    warnings.push(`server.publicUrl is empty: image URLs mj-proxy serves itself start with ${publicBase}, which other machines may not reach`);
  }
  return {
    mode: modeOf(config, demo),
    store: withoutCredentials(config.store.url),
    address: `http://${host}:${bound.port}`,
    auth: server.apiSecret === '' ? 'off' : 'on',
    warnings,
  };
}
