/**
 * A SQLite database as an older mj-proxy left it: migrated only up to 0001 and holding tasks saved
 * with empty media lists (`"imageUrls":[]`, `"videoUrls":[]`), written as raw rows like that version did.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

/** The schema exactly as migration 0001 left it, and Kysely's record that 0001 ran. */
const SCHEMA_AT_0001 = `
  CREATE TABLE tasks (id text PRIMARY KEY, status text NOT NULL, submit_time bigint, action text NOT NULL,
    account_id text, task_json text NOT NULL, runtime_json text NOT NULL);
  CREATE INDEX tasks_status ON tasks (status);
  CREATE INDEX tasks_submit_time ON tasks (submit_time, id);
  CREATE TABLE kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL);
  INSERT INTO kysely_migration (name, timestamp) VALUES ('0001_create_tasks', '2026-11-01T00:00:00.000Z');
`;
const BASE_TIME = 1_690_000_000_000;

export interface LegacyRow {
  id: string;
  status: string;
  /** Merged over a finished IMAGINE with empty media lists. */
  task?: Record<string, unknown>;
}

export function legacyTaskJson(id: string, status: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, action: 'IMAGINE', status, prompt: 'old cat', promptEn: 'old cat', description: '/imagine old cat', state: null,
    submitTime: BASE_TIME + Number(id.slice(-3)), startTime: BASE_TIME, finishTime: status === 'SUCCESS' ? BASE_TIME : null,
    progress: status === 'SUCCESS' ? '100%' : '0%', imageUrl: null, imageUrls: [], videoUrl: null, videoUrls: [],
    seed: null, failReason: null, properties: { finalPrompt: '', finalZhPrompt: '' }, buttons: [],
    botType: 'MID_JOURNEY', mode: 'FAST', ...overrides,
  };
}

/** Creates the database file in `dir` and answers its store url. */
export function legacyDatabase(dir: string, rows: readonly LegacyRow[]): string {
  const path = join(dir, 'legacy.db');
  const db = new Database(path);
  try {
    db.exec(SCHEMA_AT_0001);
    const insert = db.prepare('INSERT INTO tasks (id, status, submit_time, action, account_id, task_json, runtime_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const row of rows) {
      const task = legacyTaskJson(row.id, row.status, row.task);
      const runtime = { accountId: null, nonce: null, interactionId: null, progressMessageId: null, jobHash: null, parentMessageId: null, parentTaskId: null, lastProgressAt: null, request: null };
      insert.run(row.id, row.status, task.submitTime, task.action, null, JSON.stringify(task), JSON.stringify(runtime));
    }
  } finally {
    db.close();
  }
  return `sqlite:${path}`;
}
