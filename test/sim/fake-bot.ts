/** A tiny SimBot for simulator tests: records what it is given and answers like a well-behaved bot. */
import { MIDJOURNEY_APPLICATION_ID, MessageType, type ApplicationCommand } from '../../src/discord/protocol/index.js';
import type { InteractionVerdict, ReceivedInteraction, SimBot, SimWorld } from '../../src/sim/contracts.js';
import { startSimulator, type SimulatorOptions } from '../../src/sim/index.js';

export const IMAGINE: ApplicationCommand = {
  id: '938956540159881230',
  type: 1,
  application_id: MIDJOURNEY_APPLICATION_ID,
  version: '1237876415471554623',
  name: 'imagine',
  description: 'Create images with Midjourney',
};

export interface FakeBot extends SimBot {
  interactions: ReceivedInteraction[];
  reactions: { userId: string; channelId: string; messageId: string; emoji: string }[];
  activity: Record<string, unknown>[];
  /** Replaces the default answer (success + one nonce-bearing message). */
  verdict?: (interaction: ReceivedInteraction) => InteractionVerdict;
}

export function createFakeBot(world: SimWorld, applicationId = MIDJOURNEY_APPLICATION_ID): FakeBot {
  const bot: FakeBot = {
    applicationId,
    user: world.botUser(applicationId),
    commands: [{ ...IMAGINE, application_id: applicationId }],
    interactions: [],
    reactions: [],
    activity: [],
    handleInteraction(interaction) {
      bot.interactions.push(interaction);
      if (bot.verdict) return bot.verdict(interaction);
      // Deliberately synchronous: the world must still dispatch INTERACTION_CREATE first.
      world.interactionSucceeded(interaction);
      world.createMessage({
        channelId: interaction.request.channel_id,
        authorId: applicationId,
        type: MessageType.ChatInputCommand,
        content: `**reply** - <@${interaction.userId}> (Waiting to start)`,
        nonce: interaction.request.nonce,
        mentionUserId: interaction.userId,
        interaction: { id: interaction.id, type: interaction.request.type, name: 'imagine', userId: interaction.userId },
      });
      return { ok: true };
    },
    handleReaction(userId, channelId, messageId, emoji) {
      bot.reactions.push({ userId, channelId, messageId, emoji });
    },
    handleActivitySubmit(_userId, body) {
      bot.activity.push(body);
      return { status: 200, body: { success: true } };
    },
  };
  return bot;
}

/** A simulator whose Midjourney bot is the fake one (niji and InsightFace stay real); fast heartbeats unless told otherwise. */
export async function startWithFakeBot(options: SimulatorOptions = {}) {
  let bot: FakeBot | undefined;
  const sim = await startSimulator({
    heartbeatIntervalMs: 1000,
    ...options,
    createBots: (world) => [(bot = createFakeBot(world))],
  });
  const account = sim.info.accounts[0];
  if (!bot || !account) throw new Error('simulator did not start its fake bot');
  return { sim, bot, account };
}
