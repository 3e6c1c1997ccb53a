export * from './constants.js';
export * from './gateway.js';
export type * from './types.js';
export * from './super-properties.js';
