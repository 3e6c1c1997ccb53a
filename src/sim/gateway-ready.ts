/** READY / READY_SUPPLEMENTAL / RESUMED payloads of a user session (DISCORD.md §1.5). */
import { randomBytes } from 'node:crypto';
import type { Channel, DiscordUser, Guild, ReadyData } from '../discord/protocol/index.js';
import type { SimAccount } from './contracts.js';
import type { SimWorldState } from './world.js';

const GATEWAY_VERSION = 9;
const DM_CHANNEL = 1;

/** The `_trace` Discord attaches to HELLO, READY and RESUMED. */
export function gatewayTrace(): string[] {
  return [JSON.stringify(['gateway-sim-1', { micros: 0.0 }])];
}

export function readyPayload(world: SimWorldState, account: SimAccount, sessionId: string, resumeGatewayUrl: string): ReadyData {
  const channels = world.visibleChannels(account.userId);
  const dms = channels.filter((channel) => channel.type === DM_CHANNEL);
  const user: DiscordUser & Record<string, unknown> = {
    ...world.userObject(account.userId),
    bot: false,
    email: null,
    verified: true,
    mfa_enabled: false,
    premium_type: 0,
    phone: null,
  };
  return {
    v: GATEWAY_VERSION,
    user,
    session_id: sessionId,
    session_type: 'normal',
    resume_gateway_url: resumeGatewayUrl,
    guilds: guildsOf(channels, world.createdAt),
    private_channels: dms.map((dm) => ({
      id: dm.id,
      type: dm.type,
      recipient_ids: dm.recipient_ids ?? [],
      last_message_id: dm.last_message_id ?? null,
      flags: 0,
    })),
    users: dms.flatMap((dm) => dm.recipients ?? []),
    relationships: [],
    read_state: { version: 0, partial: false, entries: [] },
    user_guild_settings: { version: 0, partial: false, entries: [] },
    user_settings_proto: '',
    sessions: [{ session_id: sessionId, status: 'online', activities: [], client_info: { client: 'web', os: 'other', version: 0 } }],
    country_code: 'US',
    geo_ordered_rtc_regions: [],
    experiments: [],
    guild_experiments: [],
    connected_accounts: [],
    consents: {},
    tutorial: null,
    analytics_token: randomBytes(16).toString('hex'),
    auth_session_id_hash: randomBytes(32).toString('base64'),
    api_code_version: 1,
    _trace: gatewayTrace(),
  };
}

export function readySupplementalPayload(world: SimWorldState, account: SimAccount): Record<string, unknown> {
  const guildIds = [...new Set(world.visibleChannels(account.userId).flatMap((channel) => (channel.guild_id ? [channel.guild_id] : [])))];
  return {
    guilds: guildIds.map((id) => ({ id, voice_states: [], embedded_activities: [] })),
    merged_members: guildIds.map(() => []),
    merged_presences: { guilds: guildIds.map(() => []), friends: [] },
    lazy_private_channels: [],
    disclose: [],
  };
}

function guildsOf(channels: Channel[], joinedAt: string): Guild[] {
  const byGuild = new Map<string, Channel[]>();
  for (const channel of channels) {
    if (!channel.guild_id) continue;
    byGuild.set(channel.guild_id, [...(byGuild.get(channel.guild_id) ?? []), channel]);
  }
  return [...byGuild.entries()].map(([id, guildChannels]) => ({
    id,
    name: 'Simulated Server',
    properties: { id, name: 'Simulated Server', icon: null, owner_id: id },
    channels: guildChannels.map(({ guild_id: _guildId, ...channel }) => ({ ...channel, position: 0, permission_overwrites: [] })),
    threads: [],
    roles: [],
    emojis: [],
    stickers: [],
    member_count: 1,
    joined_at: joinedAt,
    large: false,
    lazy: true,
    version: 0,
    data_mode: 'full',
  }));
}
