/** Identities of the bots the simulator hosts (DISCORD.md §0), used until a bot registers its own. */
import {
  INSIGHT_FACE_APPLICATION_ID,
  MIDJOURNEY_APPLICATION_ID,
  NIJI_APPLICATION_ID,
  type DiscordUser,
} from '../discord/protocol/index.js';

/** Public flags of a verified bot with slash commands, as observed on the Midjourney bot. */
const VERIFIED_BOT_FLAGS = 589824;

export const KNOWN_BOT_USERS: ReadonlyMap<string, DiscordUser> = new Map([
  [MIDJOURNEY_APPLICATION_ID, {
    id: MIDJOURNEY_APPLICATION_ID,
    username: 'Midjourney Bot',
    global_name: null,
    avatar: 'f6ce562a6b4979c4b1cbc5b436d3be76',
    discriminator: '9282',
    public_flags: VERIFIED_BOT_FLAGS,
    flags: VERIFIED_BOT_FLAGS,
    bot: true,
  }],
  [NIJI_APPLICATION_ID, {
    id: NIJI_APPLICATION_ID,
    username: 'niji・journey Bot',
    global_name: null,
    avatar: null,
    discriminator: '0',
    public_flags: VERIFIED_BOT_FLAGS,
    flags: VERIFIED_BOT_FLAGS,
    bot: true,
  }],
  [INSIGHT_FACE_APPLICATION_ID, {
    id: INSIGHT_FACE_APPLICATION_ID,
    username: 'InsightFaceSwap',
    global_name: null,
    avatar: null,
    discriminator: '0',
    public_flags: VERIFIED_BOT_FLAGS,
    flags: VERIFIED_BOT_FLAGS,
    bot: true,
  }],
]);
