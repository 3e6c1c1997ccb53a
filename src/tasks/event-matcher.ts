/**
 * Finds the job a Midjourney event belongs to, by identity: nonce, interaction id, start message id,
 * job hash. An event naming an identity of an ended task belongs to that task's orphaned job (or to
 * nobody) and never to another task. Without any known identity, only the sole-claimant rule of
 * claimants.ts may decide.
 */
import type { Logger } from '../lib/logger.js';
import type { MidjourneyEvent } from '../midjourney/events.js';
import { claimantOf, isClaimable, soleClaimant, type Claimant } from './claimants.js';
import type { Correlation, IdentityKind, Owner } from './correlation.js';
import type { OrphanJob, OrphanJobs } from './orphans.js';
import type { TaskRegistry } from './task-registry.js';
import { isTerminal, type StoredTask } from './task.js';

export type Match =
  | { kind: 'task'; entry: StoredTask }
  | { kind: 'orphan'; orphan: OrphanJob }
  /** An identity of a finished job: the event is known and ignored. */
  | { kind: 'retired' };

export class EventMatcher {
  constructor(
    private readonly registry: TaskRegistry,
    private readonly correlation: Correlation,
    private readonly orphans: OrphanJobs,
    private readonly logger: Logger,
  ) {}

  find(accountId: string, event: MidjourneyEvent): Match | undefined {
    const c = this.correlation;
    // A nonce is the request's own: an unknown one is someone else's request, whatever else matches.
    if ('nonce' in event && event.nonce !== undefined) return this.resolve(c.owner('nonce', event.nonce));
    const identities: [IdentityKind, string | null | undefined][] = [
      ['interaction', 'interactionId' in event ? event.interactionId : undefined],
      ['message', 'messageId' in event ? event.messageId : undefined],
      ['hash', 'jobHash' in event ? event.jobHash : undefined],
    ];
    for (const [kind, value] of identities) {
      const owner = c.owner(kind, value);
      if (owner) return this.resolve(owner);
    }
    return isClaimable(event) ? this.bySoleClaimant(accountId, event) : undefined;
  }

  private resolve(owner: Owner | undefined): Match | undefined {
    if (!owner) return undefined;
    if (!owner.live) {
      const orphan = this.orphans.get(owner.id);
      return orphan ? { kind: 'orphan', orphan } : { kind: 'retired' };
    }
    const entry = this.registry.liveEntry(owner.id);
    return entry && !isTerminal(entry.task.status) ? { kind: 'task', entry } : { kind: 'retired' };
  }

  /** The account's jobs a message without identity could belong to: its tasks in flight and the orphans that claim. */
  claimantsOf(accountId: string): Claimant[] {
    const tasks = this.registry.liveEntries().filter((entry) => entry.runtime.accountId === accountId && !isTerminal(entry.task.status));
    return [
      ...tasks.flatMap((entry) => claimantOf(entry) ?? []),
      ...this.orphans.ofAccount(accountId).filter((orphan) => orphan.claims),
    ];
  }

  private bySoleClaimant(accountId: string, event: Parameters<typeof soleClaimant>[0]): Match | undefined {
    const { sole, count } = soleClaimant(event, this.claimantsOf(accountId));
    if (count > 1) this.logger.warn({ messageId: event.messageId, candidates: count }, 'several jobs could own this message: none gets it');
    if (!sole) return undefined;
    const orphan = this.orphans.get(sole.id);
    if (orphan) return { kind: 'orphan', orphan };
    const entry = this.registry.liveEntry(sole.id);
    return entry ? { kind: 'task', entry } : undefined;
  }
}
