/**
 * The simulator's own record of what happened, for tests that judge a client from outside: every
 * accepted interaction (by nonce), every job it started, every answer message, and how many jobs
 * each user had open at once. Nothing in the simulated Discord reads it back.
 */
import type { InteractionRequest } from '../discord/protocol/index.js';
import type { JobLedger, ReceivedInteraction } from './contracts.js';
import { isRecord } from './guards.js';

/** What a request asked for, enough to tell two sends of the same thing apart from two different requests. */
export interface LedgerRequest {
  type: number;
  applicationId: string;
  channelId: string;
  /** Command name, or the custom_id of a button or modal. */
  name: string;
  messageId?: string;
  prompt?: string;
  /** uploaded_filename of every attachment. */
  uploads: string[];
}

export interface LedgerInteraction {
  id: string;
  nonce: string;
  userId: string;
  request: LedgerRequest;
  at: number;
}

export type LedgerJobStatus = 'active' | 'done' | 'stopped';

export interface LedgerJob {
  id: string;
  interactionId: string;
  userId: string;
  kind: string;
  status: LedgerJobStatus;
  startedAt: number;
  endedAt?: number;
  finalMessageId?: string;
}

export interface LedgerSnapshot {
  interactions: LedgerInteraction[];
  jobs: LedgerJob[];
  /** Answer message id → the interaction it answers. */
  answers: Record<string, string>;
  /** Most jobs one user had open (held, queued or running) at the same time. */
  peakActive: Record<string, number>;
}

/** Past this many jobs the oldest finished ones are forgotten (a long-running demo must not grow forever). */
const MAX_JOBS = 100_000;

export class SimLedger implements JobLedger {
  private readonly interactions = new Map<string, LedgerInteraction>();
  private readonly jobs = new Map<string, LedgerJob>();
  private readonly answers = new Map<string, string>();
  private readonly active = new Map<string, number>();
  private readonly peak = new Map<string, number>();

  interactionAccepted(interaction: ReceivedInteraction): void {
    this.interactions.set(interaction.id, {
      id: interaction.id,
      nonce: interaction.request.nonce,
      userId: interaction.userId,
      request: summarise(interaction.request),
      at: Date.now(),
    });
    this.trim(this.interactions);
  }

  answered(messageId: string, interactionId: string): void {
    this.answers.set(messageId, interactionId);
    this.trim(this.answers);
  }

  jobStarted(jobId: string, interactionId: string, userId: string, kind: string): void {
    if (this.jobs.has(jobId)) return;
    this.jobs.set(jobId, { id: jobId, interactionId, userId, kind, status: 'active', startedAt: Date.now() });
    const open = (this.active.get(userId) ?? 0) + 1;
    this.active.set(userId, open);
    this.peak.set(userId, Math.max(open, this.peak.get(userId) ?? 0));
    this.trim(this.jobs);
  }

  jobEnded(jobId: string, status: 'done' | 'stopped', finalMessageId?: string): void {
    const job = this.jobs.get(jobId);
    if (!job || job.status !== 'active') return;
    job.status = status;
    job.endedAt = Date.now();
    if (finalMessageId !== undefined) job.finalMessageId = finalMessageId;
    this.active.set(job.userId, Math.max(0, (this.active.get(job.userId) ?? 1) - 1));
  }

  snapshot(): LedgerSnapshot {
    return {
      interactions: [...this.interactions.values()],
      jobs: [...this.jobs.values()],
      answers: Object.fromEntries(this.answers),
      peakActive: Object.fromEntries(this.peak),
    };
  }

  private trim(map: Map<string, unknown>): void {
    if (map.size <= MAX_JOBS) return;
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

function summarise(request: InteractionRequest): LedgerRequest {
  const raw = request as unknown as Record<string, unknown>;
  const data = isRecord(raw.data) ? raw.data : {};
  const options = Array.isArray(data.options) ? data.options.filter(isRecord) : [];
  const prompt = options.find((option) => option.name === 'prompt' || option.name === 'link');
  const attachments = Array.isArray(data.attachments) ? data.attachments.filter(isRecord) : [];
  const summary: LedgerRequest = {
    type: request.type,
    applicationId: request.application_id,
    channelId: request.channel_id,
    name: typeof data.custom_id === 'string' ? data.custom_id : String(data.name ?? ''),
    uploads: attachments.flatMap((attachment) => (typeof attachment.uploaded_filename === 'string' ? [attachment.uploaded_filename] : [])),
  };
  if (typeof raw.message_id === 'string') summary.messageId = raw.message_id;
  if (typeof prompt?.value === 'string') summary.prompt = prompt.value;
  return summary;
}
