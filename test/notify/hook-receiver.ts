/** A local notify-hook receiver for tests: records every call and answers as the test says. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Task } from '../../src/tasks/task.js';

/** An HTTP status to answer with, or 'hang' to never answer. */
export type Answer = number | 'hang';

export class HookReceiver {
  readonly calls: Task[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Decides the answer to each call; may wait (a held call counts as in flight). */
  answer: (task: Task, callNo: number) => Answer | Promise<Answer> = () => 200;

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<HookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new HookReceiver(server, `http://127.0.0.1:${port}/hook`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const task = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Task;
        receiver.calls.push(task);
        receiver.inFlight += 1;
        receiver.maxInFlight = Math.max(receiver.maxInFlight, receiver.inFlight);
        // 'close' comes both after an answer and when the caller gives up on a hanging call.
        res.on('close', () => { receiver.inFlight -= 1; });
        void Promise.resolve(receiver.answer(task, receiver.calls.length)).then((answer) => {
          if (answer === 'hang') return;
          res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
        });
      });
    });
    return receiver;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const POLL_MS = 5;
const UNTIL_LIMIT_MS = 10_000;

/** Waits for a condition that the code under test makes true on its own. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + UNTIL_LIMIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
