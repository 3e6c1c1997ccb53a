/**
 * Every fault the simulator knows, at random moments, through its control API: dropped sockets,
 * op 7, op 9 true/false (with a slow READY), a refused RESUME, close 4009, held and reordered
 * dispatches, 429s, 5xx and resets before and after processing, a silent bot for a while.
 */
import { setTimeout as sleep } from 'node:timers/promises';

type Fault = Record<string, unknown> & { fault: string };

export interface FaultLoopOptions {
  controlUrl: string;
  userIds: string[];
  random: () => number;
  /** Pause between two faults: minMs + random * spreadMs. */
  minMs: number;
  spreadMs: number;
  /** Longest hold of dispatches (kept well under the evidence window and the timeouts). */
  maxHoldMs: number;
  silenceMs: number;
}

export class FaultLoop {
  readonly applied = new Map<string, number>();
  private running = true;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: FaultLoopOptions) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.post('/midjourney', { silent: false });
  }

  private async run(): Promise<void> {
    while (this.running) {
      await sleep(this.options.minMs + this.options.random() * this.options.spreadMs);
      if (!this.running) return;
      const name = await this.applyOne().catch(() => 'unreachable');
      this.applied.set(name, (this.applied.get(name) ?? 0) + 1);
    }
  }

  private async applyOne(): Promise<string> {
    const { random, userIds, maxHoldMs } = this.options;
    const userId = userIds[Math.floor(random() * userIds.length)];
    // [name, apply, weight]: a silent bot fails every request it meets, so it comes more rarely.
    const pick: [string, () => Promise<void>, number][] = [
      ['drop', () => this.fault({ fault: 'drop', userId }), 1],
      ['op 7', () => this.fault({ fault: 'reconnect', userId }), 1],
      ['op 9 true', () => this.fault({ fault: 'invalid-session', resumable: true, userId }), 1],
      ['op 9 false + slow READY', async () => {
        await this.fault({ fault: 'slow-ready', ms: 1000 + random() * 2000, userId });
        await this.fault({ fault: 'invalid-session', resumable: false, userId });
      }, 1],
      ['refused RESUME', async () => {
        await this.fault({ fault: 'reject-resume', userId });
        await this.fault({ fault: 'drop', userId });
      }, 1],
      ['close 4009', () => this.fault({ fault: 'close', code: 4009, userId }), 1],
      ['hold', () => this.fault({ fault: 'hold', ms: 300 + random() * (maxHoldMs - 300), userId }), 1],
      ['reorder', () => this.fault({ fault: 'reorder', userId }), 1],
      ['429', () => this.fault({ fault: 'rate-limit', count: 1 + Math.floor(random() * 2), retryAfterSeconds: 0.3 + random() }), 1],
      ['5xx before processing', () => this.fault({ fault: 'server-error', status: 502 }), 1],
      ['5xx after processing', () => this.fault({ fault: 'server-error', status: 502, processed: true }), 1],
      ['reset before processing', () => this.fault({ fault: 'reset' }), 1],
      ['reset after processing', () => this.fault({ fault: 'reset', processed: true }), 1],
      ['silent bot', async () => {
        await this.post('/midjourney', { silent: true });
        await sleep(this.options.silenceMs);
        await this.post('/midjourney', { silent: false });
      }, 0.3],
    ];
    let ticket = random() * pick.reduce((sum, [, , weight]) => sum + weight, 0);
    const [name, apply] = pick.find(([, , weight]) => (ticket -= weight) < 0) ?? pick[0]!;
    await apply();
    return name;
  }

  private fault(body: Fault): Promise<void> {
    return this.post('/faults', body);
  }

  private async post(path: string, body: unknown): Promise<void> {
    await fetch(`${this.options.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  }
}
