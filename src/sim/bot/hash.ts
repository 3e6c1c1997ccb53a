/** Deterministic numbers and codes derived from text, so the same prompt and seed give the same output. */
import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHORT_LINK_LENGTH = 11;

function digest(parts: readonly (string | number)[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

/** An unsigned 32-bit number from any parts. */
export function hash32(...parts: (string | number)[]): number {
  return digest(parts).readUInt32BE(0);
}

/** A seeded pseudo-random generator in [0, 1) (mulberry32): small, fast, good enough for picking words. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** The 11-character code of an `https://s.mj.run/<code>` short link for a URL or image bytes. */
export function shortLinkCode(source: string | Buffer): string {
  const bytes = createHash('sha256').update(source).digest();
  let code = '';
  for (let i = 0; i < SHORT_LINK_LENGTH; i++) code += BASE62[(bytes[i] ?? 0) % BASE62.length];
  return code;
}
