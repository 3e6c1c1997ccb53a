/** Gateway envelope, opcodes and close codes (DISCORD.md §1). */
export enum GatewayOpcode {
  Dispatch = 0,
  Heartbeat = 1,
  Identify = 2,
  PresenceUpdate = 3,
  Resume = 6,
  Reconnect = 7,
  InvalidSession = 9,
  Hello = 10,
  HeartbeatAck = 11,
}

export enum GatewayCloseCode {
  UnknownError = 4000,
  UnknownOpcode = 4001,
  DecodeError = 4002,
  NotAuthenticated = 4003,
  AuthenticationFailed = 4004,
  AlreadyAuthenticated = 4005,
  InvalidSeq = 4007,
  RateLimited = 4008,
  SessionTimedOut = 4009,
  InvalidShard = 4010,
  ShardingRequired = 4011,
  InvalidApiVersion = 4012,
  InvalidIntents = 4013,
  DisallowedIntents = 4014,
}

export interface GatewayPayload<D = unknown> {
  op: GatewayOpcode;
  d: D;
  s: number | null;
  t: string | null;
}

export interface HelloData {
  heartbeat_interval: number;
  _trace?: string[];
}

export interface IdentifyProperties {
  os: string;
  browser: string;
  device: string;
  browser_user_agent?: string;
  browser_version?: string;
  os_version?: string;
  system_locale?: string;
  release_channel?: string;
  client_build_number?: number;
  [key: string]: unknown;
}

export interface IdentifyData {
  token: string;
  capabilities?: number;
  compress?: boolean;
  properties: IdentifyProperties;
  presence?: Record<string, unknown>;
  client_state?: Record<string, unknown>;
}

export interface ResumeData {
  token: string;
  session_id: string;
  seq: number | null;
}

export enum GatewayDispatch {
  Ready = 'READY',
  ReadySupplemental = 'READY_SUPPLEMENTAL',
  Resumed = 'RESUMED',
  MessageCreate = 'MESSAGE_CREATE',
  MessageUpdate = 'MESSAGE_UPDATE',
  MessageDelete = 'MESSAGE_DELETE',
  InteractionCreate = 'INTERACTION_CREATE',
  InteractionSuccess = 'INTERACTION_SUCCESS',
  InteractionFailure = 'INTERACTION_FAILURE',
  InteractionModalCreate = 'INTERACTION_MODAL_CREATE',
  InteractionIframeModalCreate = 'INTERACTION_IFRAME_MODAL_CREATE',
  ChannelCreate = 'CHANNEL_CREATE',
  MessageReactionAdd = 'MESSAGE_REACTION_ADD',
}
