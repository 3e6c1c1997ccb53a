/**
 * Where a URL given by a client may lead mj-proxy: the address is checked when the connection is
 * made (after DNS, on every redirect hop), so neither a name that resolves inward, nor a redirect,
 * nor DNS rebinding reaches loopback, private, link-local, CGNAT, multicast, metadata or other
 * non-public ranges, unless `security.allowPrivateNetworks` says so. The Discord endpoints the
 * operator configured (the simulator's in demo mode) are always allowed.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { buildConnector } from 'undici';

/** The lookup signature of node:dns, which tests replace with a resolver of their own. */
export type Resolver = (
  hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface FetchPolicy {
  allowPrivateNetworks: boolean;
  /** `protocol//host:port` keys of origins allowed whatever their address. */
  trustedOrigins: ReadonlySet<string>;
  resolve?: Resolver;
}

/** A connection refused because of where it leads. The message names no address. */
export class AddressRefusedError extends Error {
  override readonly name = 'AddressRefusedError';
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };
/** Gateways are websockets; an image from their host would come over the matching HTTP scheme. */
const HTTP_SCHEME_OF: Readonly<Record<string, string>> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' };

const withoutBrackets = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

function originKey(protocol: string, hostname: string, port: string): string {
  return `${protocol}//${withoutBrackets(hostname).toLowerCase()}:${port || DEFAULT_PORTS[protocol] || ''}`;
}

/** The policy for `security.allowPrivateNetworks` and the endpoints that are always allowed ("" ignored). */
export function fetchPolicy(allowPrivateNetworks: boolean, trustedUrls: readonly string[], resolve?: Resolver): FetchPolicy {
  const trustedOrigins = new Set<string>();
  for (const text of trustedUrls) {
    if (!URL.canParse(text)) continue;
    const url = new URL(text);
    const protocol = HTTP_SCHEME_OF[url.protocol];
    if (protocol) trustedOrigins.add(originKey(protocol, url.hostname, url.port));
  }
  return resolve ? { allowPrivateNetworks, trustedOrigins, resolve } : { allowPrivateNetworks, trustedOrigins };
}

/** Only public unicast addresses; IPv4-mapped IPv6 is judged as the IPv4 address it carries. */
export function isPublicAddress(address: string): boolean {
  const text = withoutBrackets(address);
  return ipaddr.isValid(text) && ipaddr.process(text).range() === 'unicast';
}

function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      // Every answer must be public: the connection may try any of them.
      const first = addresses[0];
      if (!first || !addresses.every((entry) => isPublicAddress(entry.address))) {
        return callback(new AddressRefusedError(`${hostname} does not lead to a public address`), '', 0);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}

/** An undici connector that refuses non-http(s) schemes and, unless allowed, non-public addresses. */
export function guardedConnector(policy: FetchPolicy): buildConnector.connector {
  const resolve: Resolver = policy.resolve ?? ((hostname, options, callback) => dnsLookup(hostname, options, callback));
  const open = policy.allowPrivateNetworks ? buildConnector({}) : buildConnector({ lookup: guardedLookup(resolve) });
  const openTrusted = buildConnector({});
  return (options, callback) => {
    const { protocol, hostname, port } = options;
    if (!(protocol in DEFAULT_PORTS)) return callback(new AddressRefusedError(`${protocol} is not http(s)`), null);
    if (policy.trustedOrigins.has(originKey(protocol, hostname, port))) return openTrusted(options, callback);
    // A literal address never goes through the lookup.
    const literal = withoutBrackets(hostname);
    if (!policy.allowPrivateNetworks && isIP(literal) !== 0 && !isPublicAddress(literal)) {
      return callback(new AddressRefusedError('the address is not public'), null);
    }
    return open(options, callback);
  };
}
