/**
 * The client description a browser session of Discord sends: in IDENTIFY `properties` over the gateway and,
 * base64-encoded, as the X-Super-Properties header on REST. One builder so both always agree.
 */
import type { IdentifyProperties } from './gateway.js';

/** A current desktop Chrome on Windows; operators override it per account. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';
/** Discord web build number of mid-2025; configurable because Discord bumps it weekly. */
export const DEFAULT_CLIENT_BUILD_NUMBER = 420000;
export const DEFAULT_LOCALE = 'en-US';

export interface SuperPropertiesOptions {
  userAgent?: string;
  locale?: string;
  clientBuildNumber?: number;
}

interface Named {
  name: string;
  version: string;
}

// Order matters: Edge and Opera also say "Chrome/", every Chromium says "Safari/".
const BROWSERS: { name: string; pattern: RegExp }[] = [
  { name: 'Edge', pattern: /Edg(?:e|A|iOS)?\/([\d.]+)/ },
  { name: 'Opera', pattern: /OPR\/([\d.]+)/ },
  { name: 'Firefox', pattern: /Firefox\/([\d.]+)/ },
  { name: 'Chrome', pattern: /(?:Chrome|CriOS)\/([\d.]+)/ },
  { name: 'Safari', pattern: /Version\/([\d.]+).*Safari\// },
];

// iOS and Android before Mac and Linux: their UAs contain "like Mac OS X" and "Linux".
const SYSTEMS: { name: string; pattern: RegExp }[] = [
  { name: 'Windows', pattern: /Windows NT ([\d.]+)/ },
  { name: 'iOS', pattern: /(?:iPhone|iPad|iPod).*? OS ([\d_]+)/ },
  { name: 'Android', pattern: /Android ([\d.]+)/ },
  { name: 'Mac OS X', pattern: /Mac OS X ([\d_.]+)/ },
  { name: 'Linux', pattern: /Linux()/ },
];

function detect(userAgent: string, table: { name: string; pattern: RegExp }[]): Named {
  for (const { name, pattern } of table) {
    const match = pattern.exec(userAgent);
    if (match) return { name, version: (match[1] ?? '').replaceAll('_', '.') };
  }
  return { name: 'Other', version: '' };
}

/** Windows NT 10.0 is reported by the Discord client as "10"; other systems keep their dotted version. */
function osVersion(os: Named): string {
  if (os.name !== 'Windows') return os.version;
  return os.version.startsWith('10.') ? '10' : os.version;
}

export function buildSuperProperties(options: SuperPropertiesOptions = {}): IdentifyProperties {
  const userAgent = options.userAgent || DEFAULT_USER_AGENT;
  const browser = detect(userAgent, BROWSERS);
  const os = detect(userAgent, SYSTEMS);
  return {
    os: os.name,
    browser: browser.name,
    device: '',
    system_locale: options.locale || DEFAULT_LOCALE,
    has_client_mods: false,
    browser_user_agent: userAgent,
    browser_version: browser.version,
    os_version: osVersion(os),
    referrer: '',
    referring_domain: '',
    referrer_current: '',
    referring_domain_current: '',
    release_channel: 'stable',
    client_build_number: options.clientBuildNumber ?? DEFAULT_CLIENT_BUILD_NUMBER,
    client_event_source: null,
  };
}

/** The X-Super-Properties header value: base64 of the JSON properties. */
export function encodeSuperProperties(properties: IdentifyProperties): string {
  return Buffer.from(JSON.stringify(properties), 'utf8').toString('base64');
}
