/** A list of host names a URL must match (`notify.allowedHosts`); an empty list allows every host. */

const withoutBrackets = (host: string): string => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

export function isHostAllowed(allowedHosts: readonly string[], url: URL): boolean {
  if (allowedHosts.length === 0) return true;
  const host = withoutBrackets(url.hostname);
  return allowedHosts.some((allowed) => withoutBrackets(allowed.trim()) === host);
}
