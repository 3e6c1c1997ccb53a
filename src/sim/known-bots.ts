/** Identities of the bots the simulator hosts (DISCORD.md §0): the one definition of each bot user. */
import {
  INSIGHT_FACE_APPLICATION_ID,
  MIDJOURNEY_APPLICATION_ID,
  NIJI_APPLICATION_ID,
  type DiscordUser,
} from '../discord/protocol/index.js';

/** Public flags of a verified bot with slash commands, as observed on the Midjourney bot. */
const VERIFIED_BOT_FLAGS = 589824;

/** A verified bot's user object; only the name, avatar and discriminator differ between the bots. */
function verifiedBotUser(id: string, username: string, avatar: string | null = null, discriminator = '0'): DiscordUser {
  return { id, username, global_name: null, avatar, discriminator, public_flags: VERIFIED_BOT_FLAGS, flags: VERIFIED_BOT_FLAGS, bot: true };
}

export const MIDJOURNEY_BOT_USER: Readonly<DiscordUser> = verifiedBotUser(MIDJOURNEY_APPLICATION_ID, 'Midjourney Bot', 'f6ce562a6b4979c4b1cbc5b436d3be76', '9282');
export const NIJI_BOT_USER: Readonly<DiscordUser> = verifiedBotUser(NIJI_APPLICATION_ID, 'niji・journey Bot');
export const INSIGHT_FACE_BOT_USER: Readonly<DiscordUser> = verifiedBotUser(INSIGHT_FACE_APPLICATION_ID, 'InsightFaceSwap');

/** Used until a bot registers its own user. */
export const KNOWN_BOT_USERS: ReadonlyMap<string, Readonly<DiscordUser>> = new Map(
  [MIDJOURNEY_BOT_USER, NIJI_BOT_USER, INSIGHT_FACE_BOT_USER].map((user) => [user.id, user]),
);
