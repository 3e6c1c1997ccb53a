export { MjProxyClient, MjProxyError, type ClientOptions, type WaitOptions } from './client.js';
export { readEvents, type SseEvent } from './sse.js';
export * from './types.js';
export type { paths } from './schema.js';
