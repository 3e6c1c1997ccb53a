export { GatewayConnection } from './gateway-connection.js';
export * from './gateway-types.js';
export { CloseAction, closeAction } from './close-codes.js';
