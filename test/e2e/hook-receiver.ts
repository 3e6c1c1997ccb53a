/** A local notify-hook receiver that records every call. */
import { createServer, type Server } from 'node:http';
import type { Task } from '../../src/tasks/task.js';

export interface HookReceiver {
  url: string;
  calls: Task[];
  callsFor(taskId: string): Task[];
  close(): Promise<void>;
}

const HTTP_SERVER_ERROR = 500;

/**
 * @param failOnce the first call whose task matches is answered HTTP 500 (and not recorded), so that the notifier retries it
 * @param refuse every call whose task it matches (at the time of the call) is answered HTTP 500 and not recorded
 */
export async function startHookReceiver(failOnce?: (task: Task) => boolean, refuse?: (task: Task) => boolean): Promise<HookReceiver> {
  const calls: Task[] = [];
  let failed = false;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      const task = JSON.parse(body) as Task;
      const failsOnce = !failed && failOnce?.(task) === true;
      if (failsOnce || refuse?.(task) === true) {
        failed ||= failsOnce;
        response.statusCode = HTTP_SERVER_ERROR;
        response.end('try again');
        return;
      }
      calls.push(task);
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
