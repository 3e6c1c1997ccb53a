/** A Lua script sent once per connection and then called by its SHA1 (EVALSHA, EVAL on NOSCRIPT). */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

type Arg = string | number;

export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis, args: readonly Arg[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, 0, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, 0, ...args);
    }
  }
}
