/**
 * Where each configuration value came from: the schema's default, the YAML file, an `MJ_*` variable,
 * or the store (a change made through the admin API, which wins over the others). A leaf is a key
 * whose value is not itself a mapping: `translate.way`, `notify.allowedHosts`, `accountSelection`.
 */
import type { TSchema } from '@sinclair/typebox';
import { envNameFor, isObjectSchema, type Env, type Tree } from './load.js';
import { ConfigSchema } from './schema.js';

export type ConfigSource = 'default' | 'yaml' | 'env' | 'store';
/** Leaf path (`translate.way`) → where its value came from. */
export type ConfigSources = Record<string, ConfigSource>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** Every leaf path of the schema below `path`, with its schema. */
export function schemaLeaves(schema: TSchema = ConfigSchema, path: string[] = []): [string[], TSchema][] {
  if (!isObjectSchema(schema)) return [[path, schema]];
  return Object.entries(schema.properties).flatMap(([key, child]) => schemaLeaves(child, [...path, key]));
}

/** The leaves of a value an `MJ_*` variable set: present ones are `env`, the rest fall back to defaults. */
function envLeaves(value: unknown, schema: TSchema, path: string[], into: ConfigSources): void {
  for (const [leaf] of schemaLeaves(schema, path)) {
    const inner = leaf.slice(path.length).reduce<unknown>((node, key) => (isTree(node) ? node[key] : undefined), value);
    into[leaf.join('.')] = isSet(inner) ? 'env' : 'default';
  }
}

/** Walks the schema as the loader does: a variable replaces the value (a mapping as JSON), else the YAML's. */
function walk(schema: TSchema, yaml: unknown, env: Env, path: string[], into: ConfigSources): void {
  const raw = path.length > 0 ? env[envNameFor(path)] : undefined;
  if (raw !== undefined) {
    let parsed: unknown = raw;
    try {
      parsed = isObjectSchema(schema) ? JSON.parse(raw) : raw;
    } catch {
      // The loader has refused such a value already; nothing here can be told of it.
    }
    envLeaves(parsed, schema, path, into);
    return;
  }
  if (!isObjectSchema(schema)) {
    into[path.join('.')] = isSet(yaml) ? 'yaml' : 'default';
    return;
  }
  for (const [key, child] of Object.entries(schema.properties)) walk(child, isTree(yaml) ? yaml[key] : undefined, env, [...path, key], into);
}

/** The source of every leaf of the configuration made from this YAML tree and environment. */
export function configSources(tree: Tree, env: Env = {}): ConfigSources {
  const sources: ConfigSources = {};
  walk(ConfigSchema, tree, env, [], sources);
  return sources;
}
