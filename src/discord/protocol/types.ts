/** Discord objects as they travel over REST and the gateway (only the fields mj-proxy and the simulator use). */
import type {
  ButtonStyle,
  ComponentType,
  InteractionType,
  MessageType,
} from './constants.js';

export type Snowflake = string;

export interface DiscordUser {
  id: Snowflake;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags?: number;
  flags?: number;
}

export interface Attachment {
  id: Snowflake;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  width?: number;
  height?: number;
  content_type?: string;
}

export interface EmbedImage {
  url: string;
  proxy_url?: string;
  width?: number;
  height?: number;
}

export interface Embed {
  type?: string;
  title?: string;
  description?: string;
  color?: number;
  url?: string;
  image?: EmbedImage;
  footer?: { text: string; icon_url?: string };
  fields?: { name: string; value: string; inline?: boolean }[];
}

export interface Emoji {
  name: string | null;
  id?: Snowflake | null;
  animated?: boolean;
}

export interface ButtonComponent {
  type: ComponentType.Button;
  style: ButtonStyle;
  label?: string;
  emoji?: Emoji;
  custom_id?: string;
  url?: string;
  disabled?: boolean;
}

export interface SelectOption {
  label: string;
  value: string;
  description?: string;
  default?: boolean;
}

export interface SelectComponent {
  type: ComponentType.StringSelect;
  custom_id: string;
  options: SelectOption[];
  placeholder?: string;
  min_values?: number;
  max_values?: number;
}

export interface TextInputComponent {
  type: ComponentType.TextInput;
  custom_id: string;
  style?: number;
  label?: string;
  value?: string;
  required?: boolean;
}

export type ChildComponent = ButtonComponent | SelectComponent | TextInputComponent;

export interface ActionRow {
  type: ComponentType.ActionRow;
  components: ChildComponent[];
}

export interface MessageReference {
  message_id?: Snowflake;
  channel_id?: Snowflake;
  guild_id?: Snowflake;
}

export interface MessageInteraction {
  id: Snowflake;
  type: InteractionType;
  name: string;
  user: DiscordUser;
}

export interface InteractionMetadata {
  id: Snowflake;
  type: InteractionType;
  name?: string;
  command_type?: number;
  user: Pick<DiscordUser, 'id'> & Partial<DiscordUser>;
  authorizing_integration_owners?: Record<string, string>;
  interacted_message_id?: Snowflake;
  triggering_interaction_metadata?: InteractionMetadata;
}

export interface Message {
  id: Snowflake;
  channel_id: Snowflake;
  guild_id?: Snowflake;
  type: MessageType;
  flags: number;
  author: DiscordUser;
  content: string;
  attachments: Attachment[];
  embeds: Embed[];
  components: ActionRow[];
  mentions: DiscordUser[];
  mention_roles: Snowflake[];
  mention_everyone: boolean;
  tts: boolean;
  pinned: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  nonce?: string;
  application_id?: Snowflake;
  webhook_id?: Snowflake;
  interaction?: MessageInteraction;
  interaction_metadata?: InteractionMetadata;
  message_reference?: MessageReference;
  referenced_message?: Message | null;
  member?: Record<string, unknown>;
}

export interface MessageDelete {
  id: Snowflake;
  channel_id: Snowflake;
  guild_id?: Snowflake;
}

export interface Channel {
  id: Snowflake;
  type: number;
  guild_id?: Snowflake;
  name?: string;
  recipients?: DiscordUser[];
  recipient_ids?: Snowflake[];
  last_message_id?: Snowflake | null;
}

export interface Guild {
  id: Snowflake;
  name?: string;
  channels?: Channel[];
  [key: string]: unknown;
}

export interface ReadyData {
  v: number;
  user: DiscordUser;
  session_id: string;
  session_type?: string;
  resume_gateway_url: string;
  guilds: Guild[];
  private_channels: Channel[];
  [key: string]: unknown;
}

/** INTERACTION_CREATE / SUCCESS / FAILURE dispatches. */
export interface InteractionEventData {
  id: Snowflake;
  nonce?: string;
  reason_code?: number;
}

export interface ModalCreateData {
  id: Snowflake;
  nonce?: string;
  channel_id: Snowflake;
  custom_id: string;
  title: string;
  application: { id: Snowflake; name: string; icon?: string | null; bot?: DiscordUser };
  components: ActionRow[];
}

export interface IframeModalCreateData {
  id: Snowflake;
  nonce?: string;
  channel_id: Snowflake;
  custom_id: string;
  title: string;
  iframe_path: string;
  modal_size?: number;
  application: { id: Snowflake; name: string; icon?: string | null; bot?: DiscordUser };
}

export interface ReactionAddData {
  user_id: Snowflake;
  channel_id: Snowflake;
  message_id: Snowflake;
  guild_id?: Snowflake;
  emoji: Emoji;
}

// ---- requests mj-proxy sends ---------------------------------------------------------------

export interface CommandOption {
  type: number;
  name: string;
  value?: string | number | boolean;
  options?: CommandOption[];
}

export interface InteractionAttachmentRef {
  id: string;
  filename: string;
  uploaded_filename: string;
}

export interface ApplicationCommandData {
  version: Snowflake;
  id: Snowflake;
  name: string;
  type: number;
  options: CommandOption[];
  attachments: InteractionAttachmentRef[];
  application_command?: ApplicationCommand;
}

export interface ComponentData {
  component_type: ComponentType;
  custom_id: string;
  type?: ComponentType;
  values?: string[];
}

export interface ModalSubmitData {
  id: Snowflake;
  custom_id: string;
  components: ActionRow[];
}

interface InteractionRequestBase {
  application_id: Snowflake;
  guild_id?: Snowflake;
  channel_id: Snowflake;
  session_id: string;
  nonce: string;
  analytics_location?: string;
}

export interface CommandInteractionRequest extends InteractionRequestBase {
  type: InteractionType.ApplicationCommand;
  data: ApplicationCommandData;
}

export interface ComponentInteractionRequest extends InteractionRequestBase {
  type: InteractionType.MessageComponent;
  message_id: Snowflake;
  message_flags: number;
  data: ComponentData;
}

export interface ModalInteractionRequest extends InteractionRequestBase {
  type: InteractionType.ModalSubmit;
  data: ModalSubmitData;
}

export type InteractionRequest =
  | CommandInteractionRequest
  | ComponentInteractionRequest
  | ModalInteractionRequest;

export interface ApplicationCommand {
  id: Snowflake;
  type: number;
  application_id: Snowflake;
  version: Snowflake;
  name: string;
  description: string;
  options?: unknown[];
  [key: string]: unknown;
}

export interface ApplicationCommandIndex {
  applications: { id: Snowflake; name: string; [key: string]: unknown }[];
  application_commands: ApplicationCommand[];
  version?: Snowflake;
}

export interface AttachmentSlotRequest {
  files: { filename: string; file_size: number; id: string | number; is_clip?: boolean }[];
}

export interface AttachmentSlot {
  id: string | number;
  upload_url: string;
  upload_filename: string;
}

export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: unknown;
  retry_after?: number;
  global?: boolean;
}
