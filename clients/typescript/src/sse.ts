/**
 * A reader of Server-Sent Events from a fetch() response body, after the WHATWG event-stream rules:
 * `field: value` lines, events ended by a blank line, comment lines starting with ':', `id` kept
 * until changed. Works in Node 18+ and browsers (no EventSource needed, so headers can be sent).
 */
export interface SseEvent {
  /** "message" when the server named none. */
  event: string;
  data: string;
  /** The last id the stream set, the value to send back as Last-Event-ID. */
  lastEventId: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffered = '';
  let lastEventId = '';
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const text = buffered + decoder.decode(value, { stream: true });
      // A trailing \r may be the first half of \r\n: it waits for the next chunk.
      const end = text.endsWith('\r') ? text.length - 1 : text.length;
      const lines = text.slice(0, end).split(LINE_BREAK);
      // The last piece is a line not ended yet.
      buffered = (lines.pop() ?? '') + text.slice(end);
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), lastEventId };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
        else if (field === 'id' && !value.includes('\0')) lastEventId = value;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
