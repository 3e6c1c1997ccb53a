/**
 * Configuration from one YAML file plus `MJ_*` environment overrides (SPEC §10), validated against
 * the schema. An invalid value stops start-up with a message naming the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { ConfigSchema, type Config } from './schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;
export type Tree = Record<string, unknown>;

const DEFAULT_CONFIG_PATH = './config.yaml';

/** `server.apiSecret` → `MJ_SERVER_API_SECRET`. */
export function envNameFor(path: readonly string[]): string {
  return 'MJ_' + path.map((key) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

export function isObjectSchema(schema: TSchema): schema is TSchema & { properties: Record<string, TSchema> } {
  return schema.type === 'object' && typeof schema.properties === 'object';
}

function envValue(raw: string, schema: TSchema): unknown {
  if (schema.type === 'array' || schema.type === 'object') {
    try {
      return JSON.parse(raw);
    } catch {
      throw new ConfigError(`environment value is not JSON: ${raw.slice(0, 40)}`);
    }
  }
  return raw; // Value.Convert turns "8080" and "true" into the schema's types
}

/** Walks the schema and copies every `MJ_*` variable that is set onto the tree. */
function applyEnv(tree: Tree, schema: TSchema, env: Env, path: string[] = []): void {
  if (!isObjectSchema(schema)) return;
  for (const [key, child] of Object.entries(schema.properties)) {
    const childPath = [...path, key];
    const raw = env[envNameFor(childPath)];
    if (raw !== undefined) {
      try {
        tree[key] = envValue(raw, child);
      } catch (error) {
        throw new ConfigError(`${envNameFor(childPath)} (${childPath.join('.')}): ${(error as Error).message}`);
      }
      continue;
    }
    if (isObjectSchema(child)) {
      const sub = (tree[key] ?? {}) as Tree;
      applyEnv(sub, child, env, childPath);
      if (Object.keys(sub).length > 0) tree[key] = sub;
    }
  }
}

function readYaml(path: string): Tree {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read configuration file ${path}: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`${path}: the top level must be a mapping`);
  return parsed as Tree;
}

/** Builds the validated Config from a YAML tree and the environment. */
export function resolveConfig(tree: Tree, env: Env = {}): Config {
  const merged = structuredClone(tree);
  applyEnv(merged, ConfigSchema, env);
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, merged));
  const first = Value.Errors(ConfigSchema, withDefaults).First();
  if (first) {
    const key = first.path.replace(/^\//, '').replaceAll('/', '.') || '(root)';
    throw new ConfigError(`invalid configuration at ${key}: ${first.message}`);
  }
  return withDefaults as Config;
}

/** The YAML tree of `MJ_CONFIG` (or ./config.yaml when present); {} without a file. */
export function readConfigTree(env: Env): Tree {
  const explicit = env.MJ_CONFIG;
  if (explicit && !existsSync(explicit)) throw new ConfigError(`MJ_CONFIG points to a missing file: ${explicit}`);
  const path = explicit ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  return path ? readYaml(path) : {};
}

/** Loads `MJ_CONFIG` (or ./config.yaml when present) and applies the environment. */
export function loadConfig(env: Env): Config {
  return resolveConfig(readConfigTree(env), env);
}
