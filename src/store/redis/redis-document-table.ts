/** A DocumentTable as one Redis hash: field = key, value = JSON. */
import type { Redis } from 'ioredis';
import type { DocumentTable } from '../document-stores.js';

export function redisDocumentTable(client: Redis, hashKey: string): DocumentTable {
  return {
    all: async () => Object.entries(await client.hgetall(hashKey)),
    get: async (key) => (await client.hget(hashKey, key)) ?? undefined,
    put: async (key, json) => {
      await client.hset(hashKey, key, json);
    },
    delete: async (key) => (await client.hdel(hashKey, key)) > 0,
  };
}
