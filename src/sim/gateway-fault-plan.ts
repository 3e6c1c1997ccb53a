/** One-shot gateway faults (a refused RESUME, a slow READY) planned by SimFaults, applied by the connections. */
const ANY_USER = '*';

/** One-shot gateway faults that wait for the client's next RESUME or IDENTIFY. */
export class GatewayFaultPlan {
  private readonly resumeRejections = new Map<string, number>();
  private readonly readyDelays = new Map<string, number[]>();

  rejectNextResume(userId = ANY_USER): void {
    this.resumeRejections.set(userId, (this.resumeRejections.get(userId) ?? 0) + 1);
  }

  delayNextReady(ms: number, userId = ANY_USER): void {
    this.readyDelays.set(userId, [...(this.readyDelays.get(userId) ?? []), ms]);
  }

  /** True (once per planned fault) when this user's RESUME must be refused. */
  takeResumeRejection(userId: string): boolean {
    for (const key of [userId, ANY_USER]) {
      const left = this.resumeRejections.get(key) ?? 0;
      if (left <= 0) continue;
      if (left === 1) this.resumeRejections.delete(key);
      else this.resumeRejections.set(key, left - 1);
      return true;
    }
    return false;
  }

  /** How long this user's READY waits (0: none planned). */
  takeReadyDelay(userId: string): number {
    for (const key of [userId, ANY_USER]) {
      const delays = this.readyDelays.get(key);
      const next = delays?.shift();
      if (delays?.length === 0) this.readyDelays.delete(key);
      if (next !== undefined) return next;
    }
    return 0;
  }

  clear(): void {
    this.resumeRejections.clear();
    this.readyDelays.clear();
  }
}
