/**
 * The image behind a `link` option (/describe link:…), fetched as Midjourney's servers would fetch it:
 * any reachable http(s) URL, within a size and a time bound. Undefined means the bot answers
 * "Invalid link" (DISCORD.md §4.12).
 */
import { basename } from 'node:path';
import { contentTypeFor } from '../cdn-store.js';
import type { SimWorld, StoredFile } from '../contracts.js';
import { scaled } from './timing.js';

/** Larger images are refused, as an attachment over Discord's limit would be. */
export const LINK_MAX_BYTES = 10 * 1024 * 1024;
/** How long the real bot waits for a slow host, in real-world time. */
const LINK_TIMEOUT_MS = 10_000;
/** Even fast simulations give a real host this long: a loaded test machine must not turn a good link bad. */
const LINK_TIMEOUT_FLOOR_MS = 2_000;
const FALLBACK_FILENAME = 'image.png';

/** The body, or undefined once it grows past `limit` (the rest is not read). */
async function readBounded(body: ReadableStream<Uint8Array>, limit: number): Promise<Buffer | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

function filenameOf(url: URL): string {
  const name = basename(decodeURIComponent(url.pathname));
  return name.includes('.') ? name : FALLBACK_FILENAME;
}

async function fetchOverHttp(url: URL, timeoutMs: number): Promise<StoredFile | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (!response.ok || !response.body || declared > LINK_MAX_BYTES) {
    await response.body?.cancel();
    return undefined;
  }
  const bytes = await readBounded(response.body, LINK_MAX_BYTES);
  if (!bytes) return undefined;
  const filename = filenameOf(url);
  const declaredType = response.headers.get('content-type')?.split(';')[0]?.trim();
  return { bytes, filename, contentType: declaredType || contentTypeFor(filename) };
}

export async function fetchLinkedImage(world: SimWorld, link: string): Promise<StoredFile | undefined> {
  // A link to this Discord's own CDN is read in place, whatever host a proxy rewrote it to.
  const own = world.readCdnUrl(link);
  if (own) return own;
  if (!URL.canParse(link)) return undefined;
  const url = new URL(link);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  try {
    return await fetchOverHttp(url, Math.max(LINK_TIMEOUT_FLOOR_MS, scaled(world, LINK_TIMEOUT_MS)));
  } catch {
    // Unreachable host, refused connection, timeout, reset mid-body: all the same "Invalid link" to a user.
    return undefined;
  }
}
