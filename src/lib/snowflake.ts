/** Discord-style snowflake ids: (ms since the Discord epoch) << 22 | worker/process bits | counter. */
const DISCORD_EPOCH_MS = 1420070400000n;
const COUNTER_MASK = 0xfffn;

export class SnowflakeGenerator {
  private counter = 0n;
  private readonly nodeBits: bigint;

  constructor(workerId = 1, processId = 0) {
    this.nodeBits = (BigInt(workerId & 0x1f) << 17n) | (BigInt(processId & 0x1f) << 12n);
  }

  next(now: number = Date.now()): string {
    this.counter = (this.counter + 1n) & COUNTER_MASK;
    return (((BigInt(now) - DISCORD_EPOCH_MS) << 22n) | this.nodeBits | this.counter).toString();
  }
}

/** Milliseconds since the Unix epoch at which a snowflake was made. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
}

const shared = new SnowflakeGenerator();
export const nextSnowflake = (now?: number): string => shared.next(now);
