/**
 * The identities that tie Discord events to the jobs mj-proxy started: request nonce, interaction id,
 * start message id, job hash. Never prompt text. A task in flight owns its identities; when it ends
 * they are retired to its former id and kept (bounded), so that a late message of its job is known
 * for what it is and never handed to another task.
 */
export type IdentityKind = 'nonce' | 'interaction' | 'message' | 'hash';

export interface Owner {
  id: string;
  /** false: the owner ended (a finished task, or an orphaned job nobody waits for). */
  live: boolean;
}

/** Retired identities kept at most (oldest forgotten first): a few MB, days of traffic. */
const MAX_RETIRED = 200_000;

const keyOf = (kind: IdentityKind, value: string): string => `${kind}:${value}`;

export class Correlation {
  private readonly live = new Map<string, string>();
  private readonly retired = new Map<string, string>();
  private readonly keysOfTask = new Map<string, Set<string>>();

  /** Ties an identity to a task in flight. */
  link(kind: IdentityKind, value: string | null | undefined, taskId: string): void {
    if (!value) return;
    const key = keyOf(kind, value);
    this.live.set(key, taskId);
    let keys = this.keysOfTask.get(taskId);
    if (!keys) this.keysOfTask.set(taskId, (keys = new Set()));
    keys.add(key);
  }

  /** Records an identity of a job nobody waits for (an orphan, a finished task's after a restart, a send given up). */
  retireKey(kind: IdentityKind, value: string | null | undefined, ownerId: string): void {
    if (!value) return;
    const key = keyOf(kind, value);
    const liveOwner = this.live.get(key);
    if (liveOwner !== undefined) {
      this.live.delete(key);
      this.keysOfTask.get(liveOwner)?.delete(key);
    }
    this.retired.delete(key);
    this.retired.set(key, ownerId);
    if (this.retired.size > MAX_RETIRED) {
      const oldest = this.retired.keys().next();
      if (!oldest.done) this.retired.delete(oldest.value);
    }
  }

  owner(kind: IdentityKind, value: string | null | undefined): Owner | undefined {
    if (!value) return undefined;
    const key = keyOf(kind, value);
    const liveOwner = this.live.get(key);
    if (liveOwner !== undefined) return { id: liveOwner, live: true };
    const retiredOwner = this.retired.get(key);
    return retiredOwner === undefined ? undefined : { id: retiredOwner, live: false };
  }

  /** The task ended: its identities stay known, retired to `ownerId` (its orphaned job, or itself). */
  retire(taskId: string, ownerId = taskId): void {
    for (const key of [...(this.keysOfTask.get(taskId) ?? [])]) {
      if (this.live.get(key) !== taskId) continue;
      const separator = key.indexOf(':');
      this.retireKey(key.slice(0, separator) as IdentityKind, key.slice(separator + 1), ownerId);
    }
    this.keysOfTask.delete(taskId);
  }
}
