/**
 * The four store backends for tests: each test gets its own empty location (an SQLite file, a
 * PostgreSQL or MySQL database, a Redis key prefix) and removes it afterwards. The servers run on
 * this machine; one that is down is started with the machine's own command, and a test fails
 * loudly when it cannot be.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';

export type BackendName = 'sqlite' | 'postgres' | 'mysql' | 'redis';

export interface StoreLocation {
  url: string;
  /** Redis: this run's key prefix. */
  keyPrefix?: string;
  /** The same location with a password in its url (the server may refuse it). */
  urlWithPassword(password: string): string;
  /**
   * Runs fn and answers how many queries / commands reached the store meanwhile. SQL counts what
   * `onQuery` saw (give it to openStore); Redis counts, on the server (MONITOR), the commands
   * naming this location's prefix.
   */
  countQueries(fn: () => Promise<unknown>): Promise<number>;
  onQuery(sql: string): void;
  drop(): Promise<void>;
}

export interface TestBackend {
  name: BackendName;
  create(): Promise<StoreLocation>;
}

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root' };
const REDIS_URL = 'redis://127.0.0.1:6379';
/** Locations of runs that died without cleaning up are removed once this old. */
const STALE_AFTER_MS = 3600_000;
const START_WAIT_MS = 30_000;

/** The start commands of /work/.library/env/machines/node-svc.md. */
const START_COMMANDS: Record<Exclude<BackendName, 'sqlite'>, string> = {
  postgres: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  mysql: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
  redis: 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
};

const uniqueName = (separator: string) => ['mjtest', Date.now(), Math.random().toString(36).slice(2, 8)].join(separator);
const isStale = (name: string, separator: string) => Date.now() - Number(name.split(separator)[1]) > STALE_AFTER_MS;

async function ensureUp(name: Exclude<BackendName, 'sqlite'>, ping: () => Promise<void>): Promise<void> {
  try {
    return await ping();
  } catch {
    // down: start it below
  }
  try {
    execSync(START_COMMANDS[name], { stdio: 'pipe', shell: '/bin/bash' });
  } catch (error) {
    throw new Error(`${name} is down and could not be started: ${(error as Error).message}`, { cause: error });
  }
  const deadline = Date.now() + START_WAIT_MS;
  for (;;) {
    try {
      return await ping();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${name} did not come up within ${START_WAIT_MS} ms`, { cause: error });
      await sleep(250);
    }
  }
}

function sqlLocation(url: string, urlWithPassword: (password: string) => string, drop: () => Promise<void>): StoreLocation {
  let queries = 0;
  return {
    url,
    urlWithPassword,
    onQuery: () => { queries += 1; },
    async countQueries(fn) {
      const before = queries;
      await fn();
      return queries - before;
    },
    drop,
  };
}

const sqlite: TestBackend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'mj-store-'));
    const url = `sqlite:${join(dir, 'tasks.db')}`;
    // SQLite has no password; the url is the same.
    return sqlLocation(url, () => url, async () => rmSync(dir, { recursive: true, force: true }));
  },
};

async function withPg<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...PG, database: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const postgres: TestBackend = {
  name: 'postgres',
  async create() {
    await ensureUp('postgres', () => withPg(async () => undefined));
    const database = uniqueName('_');
    await withPg(async (client) => {
      const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'mjtest\\_%'");
      for (const { datname } of rows) if (isStale(datname, '_')) await client.query(`drop database if exists "${datname}" with (force)`);
      await client.query(`create database "${database}"`);
    });
    return sqlLocation(
      `postgres://${PG.user}@${PG.host}:${PG.port}/${database}`,
      (password) => `postgres://${PG.user}:${password}@${PG.host}:${PG.port}/${database}`,
      () => withPg(async (client) => { await client.query(`drop database if exists "${database}" with (force)`); }),
    );
  },
};

async function withMysql<T>(fn: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection(MYSQL);
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

const mysqlBackend: TestBackend = {
  name: 'mysql',
  async create() {
    await ensureUp('mysql', () => withMysql(async () => undefined));
    const database = uniqueName('_');
    await withMysql(async (connection) => {
      const [rows] = await connection.query<mysql.RowDataPacket[]>("show databases like 'mjtest\\_%'");
      for (const row of rows) {
        const name = String(Object.values(row)[0]);
        if (isStale(name, '_')) await connection.query(`drop database if exists \`${name}\``);
      }
      await connection.query(`create database \`${database}\` character set utf8mb4`);
    });
    return sqlLocation(
      `mysql://${MYSQL.user}@${MYSQL.host}:${MYSQL.port}/${database}`,
      (password) => `mysql://${MYSQL.user}:${password}@${MYSQL.host}:${MYSQL.port}/${database}`,
      () => withMysql(async (connection) => { await connection.query(`drop database if exists \`${database}\``); }),
    );
  },
};

async function deleteKeys(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== '0');
}

/** Counts, on the server, the commands that name `prefix` while fn runs (scripts' inner calls excluded). */
async function countRedisCommands(prefix: string, fn: () => Promise<unknown>): Promise<number> {
  const client = new Redis(REDIS_URL);
  const monitor = await client.monitor();
  const marker = `${prefix}end-of-count`;
  let count = 0;
  let seenMarker!: () => void;
  const ended = new Promise<void>((resolve) => { seenMarker = resolve; });
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (args.includes(marker)) seenMarker();
    else if (source !== 'lua' && args.some((arg) => arg.startsWith(prefix))) count += 1;
  });
  try {
    await fn();
    // The server executes the marker after fn's commands, so MONITOR shows it after them too.
    const pinger = new Redis(REDIS_URL);
    await pinger.echo(marker);
    pinger.disconnect();
    await ended;
    return count;
  } finally {
    monitor.disconnect();
    client.disconnect();
  }
}

async function withRedis<T>(fn: (client: Redis) => Promise<T>): Promise<T> {
  // No retries: a Redis that is down must answer "down" now, not after reconnect attempts.
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

/** Prefixes (mjtest:<time>:<random>:) of runs that died without cleaning up. */
async function removeStalePrefixes(client: Redis): Promise<void> {
  const stale = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', 'mjtest:*', 'COUNT', 1000);
    cursor = next;
    for (const key of keys) if (isStale(key, ':')) stale.add(`${key.split(':').slice(0, 3).join(':')}:`);
  } while (cursor !== '0');
  for (const prefix of stale) await deleteKeys(client, `${prefix}*`);
}

const redis: TestBackend = {
  name: 'redis',
  async create() {
    await ensureUp('redis', () => withRedis(async (client) => { await client.ping(); }));
    await withRedis(removeStalePrefixes);
    const keyPrefix = `${uniqueName(':')}:`;
    return {
      url: REDIS_URL,
      keyPrefix,
      urlWithPassword: (password) => `redis://:${password}@127.0.0.1:6379`,
      onQuery: () => undefined,
      countQueries: (fn) => countRedisCommands(keyPrefix, fn),
      drop: () => withRedis((client) => deleteKeys(client, `${keyPrefix}*`)),
    };
  },
};

export const BACKENDS: readonly TestBackend[] = [sqlite, postgres, mysqlBackend, redis];

export const backendNamed = (name: string): TestBackend => {
  const backend = BACKENDS.find((candidate) => candidate.name === name);
  if (!backend) throw new Error(`unknown store backend ${name} (known: ${BACKENDS.map((b) => b.name).join(', ')})`);
  return backend;
};
