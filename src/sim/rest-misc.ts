/** Users, DM channels, the application-command index and other small routes. */
import type { ApplicationCommandIndex } from '../discord/protocol/index.js';
import type { SimBot } from './contracts.js';
import { isRecord } from './guards.js';
import { parseJsonBody } from './rest-body.js';
import { channelRefusal } from './rest-channels.js';
import { discordError, formError, type RestReply, type Route, type RouteContext } from './rest-types.js';

function applicationOf(bot: SimBot) {
  return {
    id: bot.applicationId,
    name: bot.user.username,
    description: '',
    icon: bot.user.avatar,
    bot: bot.user,
    flags: 0,
  };
}

function commandIndex(context: RouteContext, bots: SimBot[]): ApplicationCommandIndex {
  return {
    applications: bots.map(applicationOf),
    application_commands: bots.flatMap((bot) => bot.commands),
    version: context.deps.commandIndexVersion,
  };
}

function indexForUser(context: RouteContext): RestReply {
  return { status: 200, body: commandIndex(context, context.deps.world.allBots()) };
}

function indexForGuild(context: RouteContext): RestReply {
  const [guildId] = context.params;
  const { world } = context.deps;
  const member = world.visibleChannels(context.account.userId).some((channel) => channel.guild_id === guildId);
  return member ? indexForUser(context) : discordError(404, 10004, 'Unknown Guild');
}

function indexForChannel(context: RouteContext): RestReply {
  return channelRefusal(context, context.params[0] ?? '') ?? indexForUser(context);
}

function indexForApplication(context: RouteContext): RestReply {
  const bot = context.deps.world.bot(context.params[0] ?? '');
  return bot ? { status: 200, body: commandIndex(context, [bot]) } : discordError(404, 10002, 'Unknown Application');
}

/** The legacy `application-commands/search?query=&limit=` lookup, by name prefix. */
function searchCommands(context: RouteContext): RestReply {
  const refusal = channelRefusal(context, context.params[0] ?? '');
  if (refusal) return refusal;
  const bots = context.deps.world.allBots();
  const query = context.query.get('query') ?? '';
  const limit = Number(context.query.get('limit') ?? '25') || undefined;
  const commands = bots.flatMap((bot) => bot.commands).filter((command) => command.name.startsWith(query)).slice(0, limit);
  return {
    status: 200,
    body: {
      applications: context.query.get('include_applications') === 'true' ? bots.map(applicationOf) : [],
      application_commands: commands,
      cursor: { next: null, previous: null, repaired: null },
    },
  };
}

function currentUser(context: RouteContext): RestReply {
  const user = context.deps.world.userObject(context.account.userId);
  return {
    status: 200,
    body: { ...user, email: null, verified: true, mfa_enabled: false, premium_type: 0, phone: null, locale: 'en-US', bio: '', banner: null, accent_color: null },
  };
}

async function openDm(context: RouteContext): Promise<RestReply> {
  const parsed = await parseJsonBody(context.body, context.contentType);
  if (!parsed || !isRecord(parsed.value)) return discordError(400, 50109, 'The request body contains invalid JSON.');
  const { recipients, recipient_id: recipientId } = parsed.value;
  const recipient = Array.isArray(recipients) ? recipients[0] : recipientId;
  const { world } = context.deps;
  const known = typeof recipient === 'string' && (world.account(recipient) !== undefined || world.bot(recipient) !== undefined);
  if (!known || recipient === context.account.userId) return formError(['recipients'], 'USER_NOT_FOUND', 'Unknown user');
  const { recipient_ids: _ids, ...channel } = world.dmChannel(context.account.userId, recipient);
  return { status: 200, body: { ...channel, flags: 0 } };
}

export function miscRoutes(gatewayUrl: string): Route[] {
  return [
    { method: 'GET', pattern: /^\/users\/@me$/, bucket: 'me', handle: currentUser },
    { method: 'GET', pattern: /^\/users\/@me\/billing\/country-code$/, bucket: 'country', handle: () => ({ status: 200, body: { country_code: 'US' } }) },
    { method: 'POST', pattern: /^\/users\/@me\/channels$/, bucket: 'dm', handle: openDm },
    { method: 'GET', pattern: /^\/users\/@me\/application-command-index$/, bucket: 'command-index', handle: indexForUser },
    { method: 'GET', pattern: /^\/guilds\/(\d+)\/application-command-index$/, bucket: 'command-index', handle: indexForGuild },
    { method: 'GET', pattern: /^\/channels\/(\d+)\/application-command-index$/, bucket: 'command-index', handle: indexForChannel },
    { method: 'GET', pattern: /^\/channels\/(\d+)\/application-commands\/search$/, bucket: 'command-search', handle: searchCommands },
    { method: 'GET', pattern: /^\/applications\/(\d+)\/application-command-index$/, bucket: 'command-index', handle: indexForApplication },
    { method: 'GET', pattern: /^\/gateway$/, bucket: 'gateway', handle: () => ({ status: 200, body: { url: gatewayUrl } }) },
  ];
}
