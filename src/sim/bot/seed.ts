/** ✉️ on a job message: the bot DMs the prompt, job id and seed (DISCORD.md §4.14). */
import { MessageType } from '../../discord/protocol/index.js';
import { detach, type BotContext } from './context.js';
import type { JobRunner } from './job-runner.js';
import { seedContent } from './templates.js';
import { ACK_MS, scaled, sleep } from './timing.js';

/** U+2709 with or without the emoji presentation selector U+FE0F. */
const ENVELOPES = new Set(['✉️', '✉']);

export function reactWithSeed(ctx: BotContext, runner: JobRunner, userId: string, channelId: string, messageId: string, emoji: string): void {
  const job = ctx.jobs.byMessage(messageId);
  if (!ENVELOPES.has(emoji) || !job || job.status !== 'done') return;
  const account = ctx.world.account(userId);
  // Seeds go to the user's DM with the bot; a reaction inside that DM answers there anyway.
  const dmChannelId = account?.dmChannelId ?? channelId;
  detach(ctx, (async () => {
    await sleep(ctx.world, scaled(ctx.world, ACK_MS));
    const attachment = await runner.resultAttachment(job, dmChannelId);
    ctx.world.createMessage({
      channelId: dmChannelId,
      authorId: ctx.flavour.applicationId,
      type: MessageType.Default,
      content: seedContent(job),
      attachments: [attachment],
    });
  })());
}
