/** Fixed facts of Discord and of the bots mj-proxy drives (DISCORD.md §0). */
export const DISCORD_EPOCH_MS = 1420070400000;

export const MIDJOURNEY_APPLICATION_ID = '936929561302675456';
export const NIJI_APPLICATION_ID = '1022952195194359889';
export const INSIGHT_FACE_APPLICATION_ID = '1090660574196674713';

export const DEFAULT_API_BASE_URL = 'https://discord.com/api/v9';
export const DEFAULT_GATEWAY_URL = 'wss://gateway.discord.gg';
export const DEFAULT_CDN_BASE_URL = 'https://cdn.discordapp.com';
export const DEFAULT_ACTIVITY_BASE_URL = 'https://936929561302675456.discordsays.com';

export const GATEWAY_QUERY = '?encoding=json&v=9&compress=zlib-stream';
/** Every zlib-stream payload ends with this sync-flush marker. */
export const ZLIB_SUFFIX = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export enum MessageType {
  Default = 0,
  Reply = 19,
  ChatInputCommand = 20,
}

export enum MessageFlags {
  Ephemeral = 1 << 6,
  Loading = 1 << 7,
}

export enum InteractionType {
  ApplicationCommand = 2,
  MessageComponent = 3,
  ModalSubmit = 5,
}

export enum ComponentType {
  ActionRow = 1,
  Button = 2,
  StringSelect = 3,
  TextInput = 4,
}

export enum ButtonStyle {
  Primary = 1,
  Secondary = 2,
  Success = 3,
  Danger = 4,
  Link = 5,
}

export enum ApplicationCommandOptionType {
  SubCommand = 1,
  SubCommandGroup = 2,
  String = 3,
  Attachment = 11,
}

export enum EmbedColor {
  Error = 16711680,
  Warning = 16776960,
  SoftWarning = 16239475,
  Success = 65280,
}

export enum InteractionFailureReason {
  Unknown = 1,
  Timeout = 2,
}

/** Discord JSON error codes mj-proxy and the simulator care about. */
export enum DiscordErrorCode {
  General = 0,
  UnknownChannel = 10003,
  UnknownMessage = 10008,
  InvalidFormBody = 50035,
}

export const INVALID_VERSION_ERROR = 'INTERACTION_APPLICATION_COMMAND_INVALID_VERSION';
export const INVALID_COMMAND_ERROR = 'INTERACTION_APPLICATION_COMMAND_INVALID';
