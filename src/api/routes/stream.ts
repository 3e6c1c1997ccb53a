/**
 * Live progress without polling: GET /task/{id}/stream and GET /task/stream?ids=a,b as Server-Sent
 * Events. Unknown ids answer 404 JSON before any event; the streams close by themselves once every
 * followed task has ended, and on shutdown.
 */
import { fastifySSE } from '@fastify/sse';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TaskApi } from '../../tasks/api-port.js';
import type { Task } from '../../tasks/task.js';
import { ErrorBodySchema, TaskIdParams, type TaskIdParamsT } from '../schemas/common.js';
import { eventStreamResponse, MAX_STREAM_IDS, StreamQuery, type StreamQueryT } from '../schemas/stream.js';
import { TaskSchema } from '../schemas/task.js';
import { TaskFollower, type StreamEvent, type TaskFeed } from '../task-follower.js';
import { FieldError, WireError } from '../wire.js';

export interface StreamOptions {
  tasks: TaskApi;
  feed: TaskFeed;
  /** Between comment lines that keep idle connections (and proxies) from timing out. */
  heartbeatSeconds: number;
}

const MS_PER_SECOND = 1000;
/** Event data goes out as the route built it (already JSON). */
const SSE_ROUTE = { kind: 'manual', serializer: (data: string) => data } as const;
const tags = ['task'];

function toMessage(event: StreamEvent) {
  return event.kind === 'task'
    ? { id: event.cursor, data: event.json }
    : { event: 'end', data: JSON.stringify({ id: event.taskId }) };
}

function idList(raw: string): string[] {
  const ids = [...new Set(raw.split(',').map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length === 0) throw new FieldError('ids', { kind: 'required' });
  if (ids.length > MAX_STREAM_IDS) throw new FieldError('ids', { kind: 'maxItems', n: MAX_STREAM_IDS });
  return ids;
}

export async function streamRoutes(scope: FastifyInstance, options: StreamOptions): Promise<void> {
  const { tasks, feed } = options;
  await scope.register(fastifySSE, { heartbeatInterval: Math.round(options.heartbeatSeconds * MS_PER_SECOND) });
  const open = new Set<TaskFollower>();
  // Open streams would hold the server's close() forever.
  scope.addHook('preClose', async () => {
    for (const follower of open) follower.close();
  });

  async function follow(reply: FastifyReply, ids: string[]): Promise<void> {
    const serializeTask = reply.compileSerializationSchema(TaskSchema);
    const serialize = (task: Task): string => serializeTask({ ...task });
    const follower = new TaskFollower(ids, feed, serialize, reply.sse.lastEventId);
    open.add(follower);
    reply.sse.onClose(() => follower.close());
    try {
      const current = await tasks.listByIds(ids);
      const found = new Set(current.map((task) => task.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new WireError('task-not-found', missing.join(','));
      // The status goes out now, even when the first event is skipped (a resume with nothing new).
      reply.sse.sendHeaders();
      reply.raw.flushHeaders();
      follower.start(current);
      for await (const event of follower.events()) {
        if (!reply.sse.isConnected) break;
        // A client gone between the check and the write is no error: the loop ends on the next turn.
        await reply.sse.send(toMessage(event)).catch((error: unknown) => {
          if (reply.sse.isConnected) throw error;
        });
      }
    } finally {
      follower.close();
      open.delete(follower);
    }
  }

  scope.get<{ Params: TaskIdParamsT }>('/task/:id/stream', {
    sse: SSE_ROUTE,
    // A HEAD twin would open a stream nobody reads.
    exposeHeadRoute: false,
    schema: {
      tags, summary: 'Follow one task live (Server-Sent Events); unknown id: HTTP 404 with code 3', params: TaskIdParams,
      response: { 200: eventStreamResponse('The stream closes after `end`.'), '4xx': ErrorBodySchema },
    },
  }, (request, reply) => follow(reply, [request.params.id]));

  scope.get<{ Querystring: StreamQueryT }>('/task/stream', {
    sse: SSE_ROUTE,
    // A HEAD twin would open a stream nobody reads.
    exposeHeadRoute: false,
    schema: {
      tags, summary: 'Follow several tasks live (Server-Sent Events); any unknown id: HTTP 404 with code 3', querystring: StreamQuery,
      response: { 200: eventStreamResponse('Each task gets its own `end`; the stream closes after the last one.'), '4xx': ErrorBodySchema },
    },
  }, (request, reply) => follow(reply, idList(request.query.ids)));
}
