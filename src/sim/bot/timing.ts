/**
 * Simulated time. Every delay is a real-world duration scaled by jobSeconds: at the demo default
 * (REFERENCE_JOB_SECONDS) the bot keeps real-time pace; tests use ~0.3 s jobs and get everything 30× faster.
 */
import type { SimWorld } from '../contracts.js';

const REFERENCE_JOB_SECONDS = 10;

/** How long a real bot takes to acknowledge an interaction. */
export const ACK_MS = 200;
/** Discord gives up on a bot that did not answer within 3 s (INTERACTION_FAILURE reason 2). */
export const INTERACTION_TIMEOUT_MS = 3000;
/** Deferred answers (describe, shorten, info, settings…) arrive after this. */
export const DEFERRED_ANSWER_MS = 1500;
/** Gap between deleting the waiting message and posting the final one (DISCORD.md §4.0: 50–250 ms). */
export const FINAL_GAP_MS = 150;
/** U1–U4 have no progress; they answer after this share of a job's length. */
export const UPSAMPLE_SHARE = 0.2;
/** Progress percentages shown while a job runs (DISCORD.md §4.2). */
export const PROGRESS_STEPS: readonly number[] = [0, 15, 31, 46, 62, 78, 93];

export function scaled(world: SimWorld, realMs: number): number {
  return Math.round((realMs * world.jobSeconds) / REFERENCE_JOB_SECONDS);
}

export function jobMs(world: SimWorld): number {
  return world.jobSeconds * 1000;
}

/** A promise that resolves after `ms` on the world's clock (never, if the world closes first). */
export function sleep(world: SimWorld, ms: number): Promise<void> {
  return new Promise((resolve) => world.later(Math.max(0, Math.round(ms)), resolve));
}
