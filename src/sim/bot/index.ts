/** The simulated bots: Midjourney / niji・journey (with test controls) and InsightFaceSwap. */
export { createMidjourneyBot, type MidjourneyBotHandle, type MidjourneyBotOptions } from './midjourney-bot.js';
export { createInsightFaceBot } from './insight-face.js';
export type { AccountState } from './account-state.js';
export type { BotSettings, TriggerKind } from './context.js';
export type { JobInfo, JobKind, JobStatus } from './job.js';
