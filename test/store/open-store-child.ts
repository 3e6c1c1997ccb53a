/**
 * A second process opening a store (for the "two instances start at once" test): loads everything,
 * says "ready", opens the store when told "go" on stdin, and prints the store's log lines (JSON).
 * argv: url, key prefix.
 */
import { createInterface } from 'node:readline';
import { createLogger } from '../../src/lib/logger.js';
import { openStore } from '../../src/store/index.js';
// Loaded before "ready", so that both processes reach the database at the same moment after "go".
import '../../src/store/sql/open-sql-store.js';
import '../../src/store/sql/sqlite-dialect.js';
import '../../src/store/sql/postgres-dialect.js';
import '../../src/store/sql/mysql-dialect.js';
import '../../src/store/redis/open-redis-store.js';

const [url = '', keyPrefix = ''] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line !== 'go') continue;
  const store = await openStore({ url, keyPrefix }, createLogger('info'));
  await store.close();
  lines.close();
}
