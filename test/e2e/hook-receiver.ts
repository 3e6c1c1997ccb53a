/** A local notify-hook receiver that records every call. */
import { createServer, type Server } from 'node:http';
import type { Task } from '../../src/tasks/task.js';

export interface HookReceiver {
  url: string;
  calls: Task[];
  callsFor(taskId: string): Task[];
  close(): Promise<void>;
}

export async function startHookReceiver(): Promise<HookReceiver> {
  const calls: Task[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      calls.push(JSON.parse(body) as Task);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    callsFor: (taskId) => calls.filter((task) => task.id === taskId),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
