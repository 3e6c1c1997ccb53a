/**
 * The heartbeat of one socket: first beat after interval × random (so reconnecting accounts do not beat in
 * step), then every interval. A beat that is due while the previous one is still unacknowledged means the
 * link is a zombie.
 */
export interface HeartbeatHooks {
  /** Sends op 1 with the last sequence number. */
  beat: () => void;
  onZombie: () => void;
  random: () => number;
}

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private awaitingAck = false;

  constructor(private readonly hooks: HeartbeatHooks) {}

  start(intervalMs: number): void {
    this.stop();
    const tick = (): void => {
      if (this.awaitingAck) {
        this.stop();
        this.hooks.onZombie();
        return;
      }
      this.beatNow();
      this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, intervalMs * this.hooks.random());
  }

  /** Also used when the server asks for a beat (op 1). */
  beatNow(): void {
    this.awaitingAck = true;
    this.hooks.beat();
  }

  acknowledge(): void {
    this.awaitingAck = false;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.awaitingAck = false;
  }
}
