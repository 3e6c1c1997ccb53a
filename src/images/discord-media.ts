/**
 * Discord attachment URLs: which URLs in a task are Discord's (the only ones mj-proxy downloads to
 * re-host, so a user-supplied link never makes it fetch an arbitrary address) and when they expire.
 */

/** Discord's CDN and its media proxy. */
export const DISCORD_MEDIA_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'] as const;
const ATTACHMENT_PATH = /\/(?:ephemeral-)?attachments\//;
const HEX = /^[0-9a-f]{1,16}$/i;
const MS_PER_S = 1000;
/** A link is refreshed this long before it dies, at most, so the client still gets to download it. */
const MAX_EXPIRY_MARGIN_MS = 60_000;
/** ... and at most this share of its lifetime (the simulator signs links for seconds). */
const EXPIRY_MARGIN_SHARE = 0.1;

function hexSeconds(value: string | null): number | null {
  return value !== null && HEX.test(value) ? Number.parseInt(value, 16) * MS_PER_S : null;
}

export class DiscordMediaUrls {
  private readonly bases: string[];
  /** Each base followed by '/', as UTF-8 bytes, to look for in serialized tasks. */
  private readonly baseBytes: Buffer[];

  /** bases: further origins (with an optional path) that serve Discord's files: cdnReplace, the simulator. */
  constructor(bases: readonly string[] = []) {
    this.bases = [...DISCORD_MEDIA_ORIGINS, ...bases].filter(Boolean).map((base) => base.replace(/\/+$/, ''));
    this.baseBytes = this.bases.map((base) => Buffer.from(`${base}/`));
  }

  /** An attachment on Discord's CDN (or a configured stand-in for it). */
  isDiscordMedia(url: string): boolean {
    if (!URL.canParse(url) || !this.bases.some((base) => url.startsWith(`${base}/`))) return false;
    return ATTACHMENT_PATH.test(new URL(url).pathname);
  }

  /** False when `text` (a task's JSON) holds no Discord media link for sure: nothing to parse, refresh or re-host. */
  mayMention(text: Buffer): boolean {
    return this.baseBytes.some((base) => text.includes(base));
  }

  /** Whether the signed link is dead, or about to die, at `now`; unsigned links never count as expired. */
  isExpired(url: string, now: number = Date.now()): boolean {
    const at = this.refreshAt(url);
    return at !== null && now >= at;
  }

  /** When the signed link counts as expired (epoch ms); null for a link that does not expire. */
  refreshAt(url: string): number | null {
    if (!URL.canParse(url)) return null;
    const query = new URL(url).searchParams;
    const expires = hexSeconds(query.get('ex'));
    if (expires === null) return null;
    const issued = hexSeconds(query.get('is')) ?? expires;
    return expires - Math.min(MAX_EXPIRY_MARGIN_MS, (expires - issued) * EXPIRY_MARGIN_SHARE);
  }
}
