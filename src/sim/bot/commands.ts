/**
 * The slash commands each simulated bot registers, as the command index serves them. Ids and
 * versions are the ones proxies hard-code (DISCORD.md §2.3); versions marked "inf" are invented in
 * the same range because no capture shows them.
 */
import { ApplicationCommandOptionType, type ApplicationCommand } from '../../discord/protocol/index.js';

const STRING = ApplicationCommandOptionType.String;
const ATTACHMENT = ApplicationCommandOptionType.Attachment;
const SUB_COMMAND = ApplicationCommandOptionType.SubCommand;
const SUB_COMMAND_GROUP = ApplicationCommandOptionType.SubCommandGroup;
const CHAT_INPUT = 1;

interface CommandSpec {
  name: string;
  id: string;
  version: string;
  description: string;
  options?: unknown[];
}

const option = (type: number, name: string, description: string, required = false, extra: Record<string, unknown> = {}) =>
  ({ type, name, description, required, ...extra });

const PROMPT = [option(STRING, 'prompt', 'The prompt to imagine', true)];
const BLEND_OPTIONS = [
  option(ATTACHMENT, 'image1', 'First image to add to the blend', true),
  option(ATTACHMENT, 'image2', 'Second image to add to the blend', true),
  option(STRING, 'dimensions', 'The dimensions of the image. If not specified, the image will be square.', false, {
    choices: [
      { name: 'Portrait', value: '--ar 2:3' },
      { name: 'Square', value: '--ar 1:1' },
      { name: 'Landscape', value: '--ar 3:2' },
    ],
  }),
  option(ATTACHMENT, 'image3', 'Third image to add to the blend (optional)'),
  option(ATTACHMENT, 'image4', 'Fourth image to add to the blend (optional)'),
  option(ATTACHMENT, 'image5', 'Fifth image to add to the blend (optional)'),
];
const DESCRIBE_OPTIONS = [
  option(ATTACHMENT, 'image', 'The image to describe'),
  option(STRING, 'link', 'A link to the image to describe'),
];
const SHOW_OPTIONS = [option(STRING, 'job_id', 'The job ID of the job you want to show. It should look like 9333dcd0-681e-4840-a29c-801e502ae424', true)];
const PREFER_OPTIONS = [
  option(SUB_COMMAND_GROUP, 'option', 'Custom options', false, {
    options: [
      option(SUB_COMMAND, 'set', 'Set a custom option.'),
      option(SUB_COMMAND, 'list', 'View your current custom options.'),
    ],
  }),
  option(SUB_COMMAND, 'auto_dm', 'Whether or not to automatically send job results to your DMs.'),
  option(SUB_COMMAND, 'suffix', 'Suffix to automatically add to the end of every prompt. Leave empty to remove.', false, {
    options: [option(STRING, 'new_value', 'The new suffix')],
  }),
  option(SUB_COMMAND, 'remix', 'Toggle remix mode.'),
  option(SUB_COMMAND, 'variability', 'Toggle variability mode.'),
];

const MJ_COMMANDS: CommandSpec[] = [
  { name: 'imagine', id: '938956540159881230', version: '1237876415471554623', description: 'Create images with Midjourney', options: PROMPT },
  { name: 'blend', id: '1062880104792997970', version: '1237876415471554624', description: 'Blend images together seamlessly!', options: BLEND_OPTIONS },
  { name: 'describe', id: '1092492867185950852', version: '1237876415471554625', description: 'Writes a prompt based on your image.', options: DESCRIBE_OPTIONS },
  { name: 'shorten', id: '1121575372539039774', version: '1237876415471554626', description: 'Analyzes and shortens a prompt.', options: PROMPT },
  { name: 'info', id: '972289487818334209', version: '1237876415735660565', description: 'View information about your profile.' },
  { name: 'fast', id: '972289487818334212', version: '1237876415735660572', description: 'Switch to fast mode' },
  { name: 'relax', id: '972289487818334213', version: '1237876415735660573', description: 'Switch to relax mode' },
  { name: 'turbo', id: '1124132684143271996', version: '1237876415790055474', description: 'Switch to turbo mode' },
  { name: 'settings', id: '1000850743479255081', version: '1237876415790055475', description: 'View and adjust your personal settings.' },
  { name: 'show', id: '1169435442328911902', version: '1237876415471554630', description: 'Shows the job view based on job id.', options: SHOW_OPTIONS },
  { name: 'prefer', id: '984273800587776053', version: '1237876415790055476', description: 'Set your personal preferences.', options: PREFER_OPTIONS },
  // The rest exist so that a client caching the index by name finds every command; versions are [inf].
  { name: 'help', id: '941673664900898876', version: '1237876415735660560', description: 'Shows helpful info and tips' },
  { name: 'private', id: '972289487818334210', version: '1237876415735660566', description: 'Switch to private mode' },
  { name: 'public', id: '972289487818334211', version: '1237876415735660567', description: 'Switch to public mode' },
  { name: 'stealth', id: '1065569343456419860', version: '1237876415790055470', description: 'Switch to stealth mode' },
  { name: 'ask', id: '994261739745050684', version: '1237876415735660561', description: 'Get an answer to a question.', options: [option(STRING, 'question', 'What is the question?', true)] },
  { name: 'subscribe', id: '987795925764280351', version: '1237876415735660562', description: 'Subscribe to Midjourney' },
  { name: 'invite', id: '986816068012081172', version: '1237876415735660563', description: 'Get an invite link to the Midjourney Discord server' },
  { name: 'tune', id: '1169440360339091476', version: '1237876415471554631', description: 'Create a new style tuner', options: PROMPT },
  { name: 'list_tuners', id: '1181338718158721086', version: '1237876415471554632', description: 'List your style tuners' },
  { name: 'userid', id: '1136041075614683196', version: '1237876415790055477', description: 'Show your Midjourney user id' },
  { name: 'feedback', id: '1199869998538162256', version: '1237876415471554633', description: 'Give feedback on Midjourney' },
];

/** niji・journey ids and versions as trueai hard-codes them (DISCORD.md §2.3). */
const NIJI_COMMANDS: CommandSpec[] = [
  { name: 'imagine', id: '1023054140580057099', version: '1248805223892254774', description: 'Create images with niji・journey', options: PROMPT },
  { name: 'blend', id: '1061216934374424697', version: '1248805223892254775', description: 'Blend images together seamlessly!', options: BLEND_OPTIONS },
  { name: 'describe', id: '1092683500743831652', version: '1248805223892254776', description: 'Writes a prompt based on your image.', options: DESCRIBE_OPTIONS },
  { name: 'shorten', id: '1121575453916942376', version: '1248805223892254777', description: 'Analyzes and shortens a prompt.', options: PROMPT },
  { name: 'show', id: '1023054140580057101', version: '1248805223892254781', description: 'Shows the job view based on job id.', options: SHOW_OPTIONS },
  { name: 'info', id: '1023054140580057102', version: '1248805223892254782', description: 'View information about your profile.' },
  { name: 'fast', id: '1023054140580057107', version: '1248805223925940261', description: 'Switch to fast mode' },
  { name: 'relax', id: '1023054140634579024', version: '1248805223925940262', description: 'Switch to relax mode' },
  { name: 'settings', id: '1023054140634579025', version: '1493662157915684906', description: 'View and adjust your personal settings.' },
];

/** InsightFaceSwap's commands, ids as a public client hard-codes them (erictik-derived fork). */
const INSIGHT_FACE_COMMANDS: CommandSpec[] = [
  {
    name: 'saveid', id: '1097018209481261127', version: '1097018209481261130', description: 'Save Identity Feature by Name and Image',
    options: [option(STRING, 'idname', 'idname to save', true), option(ATTACHMENT, 'image', 'id image', true)],
  },
  {
    name: 'swapid', id: '1097030226204184646', version: '1097030226204184647',
    description: 'Apply Identity Feature to Target Image, use comma splitter for multiple identities',
    options: [option(STRING, 'idname', 'idname(s) to apply', true), option(ATTACHMENT, 'image', 'target image', true)],
  },
];

function build(applicationId: string, specs: CommandSpec[]): ApplicationCommand[] {
  return specs.map((spec, rank) => ({
    id: spec.id,
    type: CHAT_INPUT,
    application_id: applicationId,
    version: spec.version,
    name: spec.name,
    description: spec.description,
    ...(spec.options ? { options: structuredClone(spec.options) } : {}),
    dm_permission: true,
    contexts: [0, 1, 2],
    integration_types: [0, 1],
    global_popularity_rank: rank + 1,
    description_localized: spec.description,
    name_localized: spec.name,
  }));
}

export const midjourneyCommands = (applicationId: string) => build(applicationId, MJ_COMMANDS);
export const nijiCommands = (applicationId: string) => build(applicationId, NIJI_COMMANDS);
export const insightFaceCommands = (applicationId: string) => build(applicationId, INSIGHT_FACE_COMMANDS);
