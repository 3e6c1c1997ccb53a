/**
 * Modals (DISCORD.md §2.5): remix, reroll-with-remix, pan-with-remix, animate/extend-with-remix,
 * Custom Zoom, describe and shorten picks. A submit is accepted when `data.id` is a modal this bot opened for that user and its
 * custom_id is the one opened or the same kind of modal for the same job.
 */
import {
  ComponentType,
  type ActionRow,
  type Message,
  type ModalInteractionRequest,
} from '../../discord/protocol/index.js';
import type { ModalSpec, ReceivedInteraction } from '../contracts.js';
import { checkedPrompt, isEmbed, refuse, startJob } from './admission.js';
import type { BotContext, ModalPurpose, Origin } from './context.js';
import { parseModalId, type Motion, type PanDirection } from './custom-id.js';
import type { Job } from './job.js';
import { imagineJob, panJob, rerollJob, variationJob, videoBase, videoJob, zoomJob } from './job-factory.js';
import type { JobRunner } from './job-runner.js';
import { afterAck, channelOf, originOf } from './responder.js';
import { errorEmbed } from './templates.js';
import { ACK_MS, scaled } from './timing.js';
import { accept, invalidForm, type Decision } from './verdicts.js';

const PARAGRAPH = 2;
/** Modal kinds whose custom_id names a job; the others (picks) only need the same kind. */
const JOB_MODALS = new Set(['remix', 'pan', 'custom-zoom', 'animate']);

function promptInput(customId: string, label: string, value: string): ActionRow[] {
  return [{
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.TextInput, custom_id: customId, style: PARAGRAPH, label, value, required: true }],
  }];
}

export const remixModal = (parent: Job, index: number, strong: boolean): ModalSpec => ({
  customId: `MJ::RemixModal::${parent.id}::${index}::${strong ? 1 : 0}`,
  title: 'Remix Prompt',
  components: promptInput('MJ::RemixModal::new_prompt', 'New Prompt for Remix', parent.prompt.echo),
});

/** Reroll with remix and shorten picks share the ImagineModal, named after the source message. */
export const imagineModal = (source: Message, prompt: string): ModalSpec => ({
  customId: `MJ::ImagineModal::${source.id}`,
  title: 'Imagine This!',
  components: promptInput('MJ::ImagineModal::new_prompt', 'Prompt', prompt),
});

export const panModal = (parent: Job, direction: PanDirection): ModalSpec => ({
  customId: `MJ::PanModal::${direction}::${parent.id}::1`,
  title: 'Pan',
  components: promptInput('MJ::PanModal::prompt', 'Prompt', parent.prompt.echo),
});

/** Animate (the parent is an image) or Extend (a video) with Remix on: the motion prompt, without `--motion`/`--video`. */
export const animateModal = (parent: Job, index: number, motion: Motion, extend: boolean): ModalSpec => ({
  customId: `MJ::AnimateModal::${parent.id}::${index}::${motion}::${extend ? 1 : 0}`,
  title: extend ? 'Extend Video' : 'Animate Image',
  components: promptInput('MJ::AnimateModal::prompt', 'Motion Prompt', videoBase(parent.prompt)),
});

export const customZoomModal = (parent: Job): ModalSpec => ({
  customId: `MJ::OutpaintCustomZoomModal::${parent.id}`,
  title: 'Zoom Out',
  components: promptInput('MJ::OutpaintCustomZoomModal::prompt', 'Zoom Out', `${parent.prompt.echo} --zoom 2`),
});

export const picreaderModal = (pick: number, prompt: string): ModalSpec => ({
  customId: `MJ::Picreader::Modal::${pick}`,
  title: 'Imagine This!',
  components: promptInput('MJ::Picreader::Modal::PromptField', 'Prompt', prompt),
});

/** Opens a modal after the usual reaction time (the world sends MODAL_CREATE, then SUCCESS). */
export function openJobModal(ctx: BotContext, origin: Origin, spec: ModalSpec, purpose: ModalPurpose): void {
  const { interaction, source } = origin;
  if (!source) return;
  ctx.modals.set(interaction.id, { userId: interaction.userId, customId: spec.customId, purpose, source });
  ctx.world.later(scaled(ctx.world, ACK_MS), () => ctx.world.openModal(interaction, spec));
}

function sameModal(opened: string, submitted: string): boolean {
  if (opened === submitted) return true;
  const a = parseModalId(opened);
  const b = parseModalId(submitted);
  return a !== undefined && b !== undefined && a.kind === b.kind && (!JOB_MODALS.has(a.kind) || a.subject === b.subject);
}

function firstTextValue(rows: readonly ActionRow[]): string {
  for (const component of rows.flatMap((row) => row.components)) {
    if (component.type === ComponentType.TextInput && typeof component.value === 'string') return component.value;
  }
  return '';
}

export function decideModalSubmit(ctx: BotContext, runner: JobRunner, interaction: ReceivedInteraction): Decision {
  const { data } = interaction.request as ModalInteractionRequest;
  const open = ctx.modals.get(data.id);
  if (!open || open.userId !== interaction.userId || !sameModal(open.customId, data.custom_id)) {
    return invalidForm('custom_id', 'MODAL_VALIDATION_FAILED', 'This modal was not opened for you');
  }
  ctx.modals.delete(data.id);
  const origin = originOf(interaction, data.custom_id, open.source);
  const text = firstTextValue(data.components ?? []);
  return accept(() => submit(ctx, runner, origin, open.purpose, text));
}

function submit(ctx: BotContext, runner: JobRunner, origin: Origin, purpose: ModalPurpose, text: string): void {
  const where = { userId: origin.interaction.userId, channelId: channelOf(origin) };
  const prompt = checkedPrompt(ctx, text, `/imagine ${text}`, purpose.kind === 'custom-zoom');
  if (isEmbed(prompt)) {
    refuse(ctx, origin, prompt);
    return;
  }
  let job: Job | undefined;
  switch (purpose.kind) {
    case 'remix':
      job = variationJob(ctx, where, purpose.parent, { strength: purpose.strong ? 'Strong' : 'Subtle', remix: true }, prompt);
      break;
    case 'reroll':
      job = rerollJob(ctx, where, purpose.parent, prompt);
      break;
    case 'pan':
      job = panJob(ctx, where, purpose.parent, purpose.direction, prompt);
      break;
    case 'custom-zoom':
      if (prompt.zoom === undefined) {
        refuse(ctx, origin, errorEmbed('Invalid parameter', 'Custom Zoom needs `--zoom` with a value between 1 and 2.', `/imagine ${text}`));
        return;
      }
      job = zoomJob(ctx, where, purpose.parent, false, prompt);
      break;
    case 'animate':
      // The button's motion wins over any `--motion` typed into the prompt.
      job = videoJob(ctx, where, purpose.parent, purpose.motion, prompt);
      break;
    case 'imagine':
      job = imagineJob(ctx, where, prompt);
      break;
  }
  if (job) startJob(ctx, runner, origin, job);
  else afterAck(ctx, origin, () => undefined);
}
