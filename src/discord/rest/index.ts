export * from './discord-rest.js';
export * from './command-catalog.js';
export { DiscordApiError, DiscordNetworkError, mayHaveReachedDiscord } from './errors.js';
export { DEFAULT_RETRY_POLICY, type RestExchange, type RestObserver, type RetryPolicy } from './transport.js';
