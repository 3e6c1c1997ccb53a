/** Slash commands that make or show pictures: /imagine, /blend, /describe, /shorten, /show. */
import type { ApplicationCommandData } from '../../discord/protocol/index.js';
import type { StoredFile } from '../contracts.js';
import { checkedPrompt, isEmbed, refuse, startJob } from './admission.js';
import { describeRows, shortenRows } from './buttons.js';
import { attachedFile, optionText, optionValue } from './command-options.js';
import { detach, type BotContext, type Origin } from './context.js';
import { describeEmbed, describeImage } from './describe.js';
import { imagineJob } from './job-factory.js';
import { fetchLinkedImage } from './linked-image.js';
import { resultComponents, type JobRunner } from './job-runner.js';
import { shortLinkForBytes } from './prompt.js';
import { afterAck, channelOf, deferredAnswer, reply, type MessageBody } from './responder.js';
import { shortenPrompt } from './shorten.js';
import { errorEmbed, jobContent } from './templates.js';
import { accept, invalidForm, type Decision } from './verdicts.js';

const BLEND_MIN_IMAGES = 2;
const BLEND_MAX_IMAGES = 5;
const DEFAULT_DIMENSIONS = '--ar 1:1';
const SHORTEN_PICKS = 5;

const where = (origin: Origin) => ({ userId: origin.interaction.userId, channelId: channelOf(origin) });

export function imagine(ctx: BotContext, runner: JobRunner, origin: Origin, data: ApplicationCommandData): Decision {
  const raw = optionText(data.options, 'prompt');
  const prompt = checkedPrompt(ctx, raw, `/imagine ${raw}`);
  if (isEmbed(prompt)) return accept(() => refuse(ctx, origin, prompt));
  return accept(() => startJob(ctx, runner, origin, imagineJob(ctx, where(origin), prompt)));
}

/** /blend: 2–5 uploaded images (option value = attachment id) and `dimensions`. */
export function blend(ctx: BotContext, runner: JobRunner, origin: Origin, data: ApplicationCommandData): Decision {
  const files: StoredFile[] = [];
  for (let n = 1; n <= BLEND_MAX_IMAGES; n++) {
    if (optionValue(data.options, `image${n}`) === undefined) continue;
    const file = attachedFile(ctx.world, data, `image${n}`);
    if (!file) return invalidForm('attachments', 'ATTACHMENT_NOT_FOUND', `image${n} was not uploaded`);
    files.push(file);
  }
  if (files.length < BLEND_MIN_IMAGES) return invalidForm('options', 'BASE_TYPE_REQUIRED', 'image1 and image2 are required');
  const dimensions = optionText(data.options, 'dimensions') || DEFAULT_DIMENSIONS;
  const raw = [...files.map((file) => shortLinkForBytes(file.bytes)), dimensions].join(' ');
  const prompt = checkedPrompt(ctx, raw, `/blend ${raw}`);
  if (isEmbed(prompt)) return accept(() => refuse(ctx, origin, prompt));
  return accept(() => startJob(ctx, runner, origin, imagineJob(ctx, where(origin), prompt, 'blend')));
}

/** /describe with an uploaded `image` or a `link` the bot fetches itself (DISCORD.md §4.10). */
export function describe(ctx: BotContext, origin: Origin, data: ApplicationCommandData): Decision {
  const link = optionText(data.options, 'link').trim();
  if (optionValue(data.options, 'image') !== undefined) {
    const file = attachedFile(ctx.world, data, 'image');
    if (!file) return invalidForm('attachments', 'ATTACHMENT_NOT_FOUND', 'image was not uploaded');
    return accept(() => deferredAnswer(ctx, origin, false, (messageId) => describeAnswer(ctx, file, messageId, 0, `/describe ${file.filename}`)));
  }
  if (!link) return invalidForm('options', 'BASE_TYPE_REQUIRED', 'image or link is required');
  return accept(() => deferredAnswer(ctx, origin, false, async (messageId) => describeAnswer(ctx, await fetchLinkedImage(ctx.world, link), messageId, 0, `/describe ${link}`)));
}

/** Discord keeps a slash command's ephemeral files under the command's id (DISCORD.md §2.10). */
function describeCommandId(ctx: BotContext): string {
  const command = ctx.flavour.commands.find((candidate) => candidate.name === 'describe');
  if (!command) throw new Error(`bot ${ctx.flavour.applicationId} has no /describe command`);
  return command.id;
}

/** The describe result for a deferred message, remembered for its buttons. */
export async function describeAnswer(ctx: BotContext, file: StoredFile | undefined, messageId: string, attempt: number, footer: string): Promise<MessageBody> {
  if (!file) return { embeds: [errorEmbed('Invalid link', 'The image link could not be fetched. Please check it and try again.', footer)] };
  const folder = describeCommandId(ctx);
  try {
    const { prompts, width, height } = await describeImage(file.bytes, attempt);
    const image = ctx.world.storeFile(folder, file, { ephemeral: true, width, height });
    ctx.describes.set(messageId, { file, prompts, tries: attempt });
    return { embeds: [describeEmbed(prompts, image)], components: describeRows() };
  } catch {
    return { embeds: [errorEmbed('Invalid image', 'The file could not be read as an image.', footer)] };
  }
}

export function shorten(ctx: BotContext, origin: Origin, data: ApplicationCommandData): Decision {
  const raw = optionText(data.options, 'prompt');
  const prompt = checkedPrompt(ctx, raw, `/shorten ${raw}`);
  if (isEmbed(prompt)) return accept(() => refuse(ctx, origin, prompt));
  return accept(() => deferredAnswer(ctx, origin, false, (messageId) => {
    const result = shortenPrompt(raw);
    ctx.shortens.set(messageId, { prompt: raw, prompts: result.prompts });
    return { embeds: [result.embed], components: shortenRows(SHORTEN_PICKS, true) };
  }));
}

/** /show job_id: the job's result again, in the channel it was asked in (DISCORD.md §4.14). */
export function show(ctx: BotContext, runner: JobRunner, origin: Origin, data: ApplicationCommandData): Decision {
  const jobId = optionText(data.options, 'job_id').trim();
  const job = ctx.jobs.get(jobId);
  if (!job || job.status !== 'done') {
    return accept(() => refuse(ctx, origin, errorEmbed('Job not found', `No finished job with id \`${jobId}\` was found.`, `/show ${jobId}`)));
  }
  return accept(() => afterAck(ctx, origin, () => detach(ctx, (async () => {
    const attachment = await runner.resultAttachment(job, channelOf(origin));
    const message = reply(ctx, origin, { content: jobContent(job, 'final', ctx.settings), attachments: [attachment], components: resultComponents(job) });
    ctx.jobs.link(message.id, job);
  })())));
}
