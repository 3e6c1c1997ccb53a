/** INTERACTION_* dispatches, routed to the session named in the interaction (DISCORD.md §1.8, §3.1). */
import { GatewayDispatch, type DiscordUser } from '../discord/protocol/index.js';
import type { IframeModalSpec, ModalSpec, ReceivedInteraction } from './contracts.js';
import type { SessionHub } from './gateway-session.js';

const IFRAME_PREFIX = 'MJ::iframe::';

export interface InteractionEventDeps {
  hub: SessionHub;
  /** The world's dispatch gate (it may hold dispatches back). */
  send(fn: () => void): void;
  botUser(applicationId: string): DiscordUser;
}

export class InteractionEvents {
  /** iframe modal custom_id → the application that opened it (for the activity host). */
  private readonly iframeOwners = new Map<string, string>();

  constructor(private readonly deps: InteractionEventDeps) {}

  created(interaction: ReceivedInteraction): void {
    this.toSession(interaction, GatewayDispatch.InteractionCreate, { id: interaction.id, nonce: interaction.request.nonce });
  }

  succeeded(interaction: ReceivedInteraction): void {
    this.toSession(interaction, GatewayDispatch.InteractionSuccess, { id: interaction.id, nonce: interaction.request.nonce });
  }

  failed(interaction: ReceivedInteraction, reasonCode: number): void {
    this.toSession(interaction, GatewayDispatch.InteractionFailure, { id: interaction.id, nonce: interaction.request.nonce, reason_code: reasonCode });
  }

  modal(interaction: ReceivedInteraction, modal: ModalSpec): void {
    this.toSession(interaction, GatewayDispatch.InteractionModalCreate, {
      ...this.modalBase(interaction, modal.customId, modal.title),
      components: structuredClone(modal.components),
    });
    this.succeeded(interaction);
  }

  iframeModal(interaction: ReceivedInteraction, modal: IframeModalSpec): void {
    this.iframeOwners.set(modal.customId, interaction.request.application_id);
    this.toSession(interaction, GatewayDispatch.InteractionIframeModalCreate, {
      ...this.modalBase(interaction, modal.customId, modal.title),
      iframe_path: modal.iframePath,
      ...(modal.modalSize === undefined ? {} : { modal_size: modal.modalSize }),
    });
    this.succeeded(interaction);
  }

  /** The application behind an iframe modal, by custom_id with or without its `MJ::iframe::` prefix. */
  iframeOwner(customId: string): string | undefined {
    return this.iframeOwners.get(customId) ?? this.iframeOwners.get(IFRAME_PREFIX + customId);
  }

  private toSession(interaction: ReceivedInteraction, t: string, d: unknown): void {
    this.deps.send(() => this.deps.hub.toSession(interaction.userId, interaction.sessionId, t, d));
  }

  private modalBase(interaction: ReceivedInteraction, customId: string, title: string) {
    const bot = this.deps.botUser(interaction.request.application_id);
    return {
      id: interaction.id,
      nonce: interaction.request.nonce,
      channel_id: interaction.request.channel_id,
      custom_id: customId,
      title,
      application: { id: bot.id, name: bot.username, icon: bot.avatar, bot },
    };
  }
}
