/** Simulated Discord user accounts: ids, channels and tokens shaped like real user tokens, fresh per run. */
import { createHash, randomBytes } from 'node:crypto';
import type { DiscordUser } from '../discord/protocol/index.js';
import type { SnowflakeGenerator } from '../lib/snowflake.js';
import type { SimAccount } from './contracts.js';

/** Any field left out is generated. */
export type SimAccountInput = Partial<SimAccount>;

const TOKEN_MIDDLE_BYTES = 4;
const TOKEN_SIGNATURE_BYTES = 28;

/** `base64(user id).<6 chars>.<38 chars>`, the shape of a real user token. */
export function makeUserToken(userId: string): string {
  const head = Buffer.from(userId).toString('base64').replace(/=+$/, '');
  const middle = randomBytes(TOKEN_MIDDLE_BYTES).toString('base64url').slice(0, 6);
  const signature = randomBytes(TOKEN_SIGNATURE_BYTES).toString('base64url').slice(0, 38);
  return `${head}.${middle}.${signature}`;
}

/** Snowflake time of seeded ids: 2024-01-01, Discord epoch based (ids stay stable across runs). */
const SEEDED_ID_MS = 1704067200000n - 1420070400000n;
const SEEDED_LOW_BITS = 22n;

function seededPart(seed: string, label: string): Buffer {
  return createHash('sha256').update(`${seed}\u0000${label}`).digest();
}

function seededId(seed: string, label: string): string {
  const low = BigInt(seededPart(seed, label).readUInt32BE(0)) & ((1n << SEEDED_LOW_BITS) - 1n);
  return ((SEEDED_ID_MS << SEEDED_LOW_BITS) | low).toString();
}

/**
 * An account whose ids and token are the same every run with the same seed: a client that stored
 * tasks against it finds it again after a restart (demo mode).
 */
export function seededAccount(seed: string, index: number): SimAccountInput {
  const label = (field: string) => `${index}:${field}`;
  const userId = seededId(seed, label('user'));
  const head = Buffer.from(userId).toString('base64').replace(/=+$/, '');
  const secret = seededPart(seed, label('token')).toString('base64url');
  return {
    userId,
    token: `${head}.${secret.slice(0, 6)}.${secret.slice(6, 44)}`,
    guildId: seededId(seed, label('guild')),
    channelId: seededId(seed, label('channel')),
    dmChannelId: seededId(seed, label('dm')),
  };
}

export function createAccounts(spec: number | SimAccountInput[], ids: SnowflakeGenerator): SimAccount[] {
  const inputs: SimAccountInput[] = typeof spec === 'number' ? Array.from({ length: spec }, () => ({})) : spec;
  return inputs.map((input, index) => {
    const userId = input.userId ?? ids.next();
    return {
      userId,
      username: input.username ?? `simuser${index + 1}`,
      token: input.token ?? makeUserToken(userId),
      guildId: input.guildId ?? ids.next(),
      channelId: input.channelId ?? ids.next(),
      dmChannelId: input.dmChannelId ?? ids.next(),
    };
  });
}

/** The user object Discord shows for an account (author, mention, interaction user). */
export function accountUser(account: SimAccount): DiscordUser {
  return { id: account.userId, username: account.username, global_name: account.username, discriminator: '0', avatar: null, public_flags: 0, flags: 0 };
}
