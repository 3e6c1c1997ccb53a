/** The IDENTIFY and RESUME payloads of a browser session of a user account (DISCORD.md §1.4). */
import {
  GatewayOpcode,
  type GatewayPayload,
  type IdentifyData,
  type IdentifyProperties,
  type ResumeData,
} from '../protocol/index.js';

/** Every user capability bit the web client sets (bits 0 and 2..13). */
export const USER_CAPABILITIES = 16381;

export function identifyPayload(token: string, properties: IdentifyProperties): GatewayPayload<IdentifyData> {
  return {
    op: GatewayOpcode.Identify,
    d: {
      token,
      capabilities: USER_CAPABILITIES,
      properties,
      presence: { status: 'online', since: 0, activities: [], afk: false },
      compress: false,
      client_state: {
        guild_versions: {},
        highest_last_message_id: '0',
        read_state_version: 0,
        user_guild_settings_version: -1,
        user_settings_version: -1,
        private_channels_version: '0',
        api_code_version: 0,
      },
    },
    s: null,
    t: null,
  };
}

export function resumePayload(token: string, sessionId: string, seq: number | null): GatewayPayload<ResumeData> {
  return { op: GatewayOpcode.Resume, d: { token, session_id: sessionId, seq }, s: null, t: null };
}

export function heartbeatPayload(seq: number | null): GatewayPayload<number | null> {
  return { op: GatewayOpcode.Heartbeat, d: seq, s: null, t: null };
}
