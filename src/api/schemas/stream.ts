/** Request and response schemas of the live task streams (Server-Sent Events). */
import { Type, type Static } from '@sinclair/typebox';

/** Bounds what one connection follows (its memory and its event id's length). */
export const MAX_STREAM_IDS = 100;

export const StreamQuery = Type.Object({
  ids: Type.String({ description: `task ids separated by commas, at most ${MAX_STREAM_IDS}` }),
});
export type StreamQueryT = Static<typeof StreamQuery>;

const EVENTS = 'Server-Sent Events. A message event (no event name) carries the task JSON exactly as fetch answers it, '
  + 'once when the stream opens and then once per change; its id goes back as Last-Event-ID on a reconnect, which '
  + 'then sends only what the client has not seen. `event: end` (data {"id":"<taskId>"}) follows a task\'s terminal '
  + 'state (SUCCESS, FAILURE, CANCEL). Comment lines (": heartbeat") keep the connection alive.';

/** The OpenAPI description of a 200 event stream. */
export const eventStreamResponse = (closes: string) => ({
  description: `${EVENTS} ${closes}`,
  content: { 'text/event-stream': { schema: { type: 'string' } } },
});
