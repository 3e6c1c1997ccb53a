/**
 * npm run migrate -- --from <application.yml> [--out config.yaml] [--force]
 * Turns the configuration of novicezk/midjourney-proxy (or its Plus edition) into a config.yaml for
 * mj-proxy, checks it with mj-proxy's own configuration loader, and lists what it could not carry over.
 * Prints key names, never a secret value (the source holds tokens and secrets); the file it writes is
 * readable by its owner only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { resolveConfig } from '../src/config/load.js';
import { migrateNovicezk, type Migration } from './migrate/novicezk.js';

const USAGE = 'usage: npm run migrate -- --from <application.yml> [--out config.yaml] [--force]';

/** The YAML documents of the file; a syntax error stops the migration with its position. */
function readDocuments(path: string): unknown[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  const all = Array.isArray(documents) ? documents : [documents];
  const error = all.flatMap((document) => document.errors)[0];
  if (error) throw new Error(`${path} is not valid YAML: ${error.message}`);
  return all.map((document) => document.toJS() as unknown);
}

function renderConfig(migration: Migration, from: string): string {
  const header = [
    `# mj-proxy configuration, migrated from ${basename(from)} by npm run migrate.`,
    '# Only the settings the source had are here; every other key keeps its default (see the README).',
    ...(migration.unmapped.length > 0 ? ['# Not carried over:', ...migration.unmapped.map((line) => `#   ${line}`)] : []),
    '',
    '',
  ];
  return header.join('\n') + stringify(migration.config);
}

function report(migration: Migration, out: string): void {
  const accounts = (migration.config.accounts as unknown[] | undefined)?.length ?? 0;
  console.log(`wrote ${out} (${accounts} account${accounts === 1 ? '' : 's'})`);
  for (const note of migration.notes) console.log(`note: ${note}`);
  if (migration.unmapped.length > 0) {
    console.log(`not carried over (${migration.unmapped.length}):`);
    for (const line of migration.unmapped) console.log(`  ${line}`);
  }
}

function main(): void {
  const { values } = parseArgs({ options: { from: { type: 'string' }, out: { type: 'string', default: 'config.yaml' }, force: { type: 'boolean', default: false } } });
  if (!values.from) throw new Error(USAGE);
  const out = values.out;
  if (existsSync(out) && !values.force) throw new Error(`${out} exists; pass --force to replace it`);
  const migration = migrateNovicezk(readDocuments(values.from));
  // The result must load exactly as mj-proxy will load it (defaults, ranges, enumerations).
  resolveConfig(migration.config);
  writeFileSync(out, renderConfig(migration, values.from), { mode: 0o600 });
  report(migration, out);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
