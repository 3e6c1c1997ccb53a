/** The DM side of the seed flow: the /show answer and the ✉️ seed message (DISCORD.md §4.14). */
import type { MessageIdentity, SeedEvent, ShowResultEvent } from '../events.js';
import { messageHash } from './job-hash.js';
import { identityOf, type MessageView } from './read.js';

const JOB_ID = /\*\*Job ID\*\*:\s*(?<jobId>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/;
const SEED = /\*\*seed\*\*:?\s*(?<seed>\d+)/i;
const SHOW_COMMAND = 'show';

export function parseSeed(view: MessageView, source: MessageIdentity['source']): SeedEvent | null {
  const jobId = JOB_ID.exec(view.content)?.groups?.jobId;
  const seed = SEED.exec(view.content)?.groups?.seed;
  if (jobId === undefined || seed === undefined) return null;
  return { ...identityOf(view, source), kind: 'seed', jobHash: jobId.toLowerCase(), seed };
}

/** The /show answer: the job's image re-posted; null unless it answers /show and names a job. */
export function parseShow(view: MessageView, source: MessageIdentity['source']): ShowResultEvent | null {
  if (view.interactionName !== SHOW_COMMAND) return null;
  const jobHash = messageHash(view.attachments[0], view.buttons);
  return jobHash ? { ...identityOf(view, source), kind: 'show-result', jobHash } : null;
}
