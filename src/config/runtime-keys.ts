/**
 * The keys the admin API may change while mj-proxy runs, and how a change is read: a partial tree
 * of those keys becomes leaf path → value, each value converted and checked with the same schema as
 * the YAML, so a refusal names the key the way the YAML and the MJ_* variables spell it.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConfigError, isObjectSchema, type Tree } from './load.js';
import { ConfigSchema, type Config } from './schema.js';
import { schemaLeaves } from './sources.js';

export const RUNTIME_SECTIONS = ['translate', 'bannedWords', 'notify', 'accountSelection', 'timeouts', 'images'] as const;
export type RuntimeSection = (typeof RUNTIME_SECTIONS)[number];

/** Keys kept at once but used from the next start: the media store is built once, at start. */
const AFTER_RESTART_PREFIXES = ['images.store', 'images.dir', 'images.s3.'];

/** A refused change: `key` is the path of the value (`translate.way`), as in the YAML. */
export class ConfigChangeError extends ConfigError {
  constructor(readonly key: string, reason: string) {
    super(`${key}: ${reason}`);
    this.name = 'ConfigChangeError';
  }
}

export interface RuntimeLeaf {
  path: string;
  section: RuntimeSection;
  schema: TSchema;
  /** A credential: never shown in clear. */
  secret: boolean;
  /** Changed at once in the store, used from the next start. */
  afterRestart: boolean;
}

const isRuntimeSection = (key: string): key is RuntimeSection => (RUNTIME_SECTIONS as readonly string[]).includes(key);
export const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

export const RUNTIME_LEAVES: ReadonlyMap<string, RuntimeLeaf> = new Map(schemaLeaves().flatMap(([keys, schema]) => {
  const [section] = keys;
  if (section === undefined || !isRuntimeSection(section)) return [];
  const path = keys.join('.');
  const afterRestart = AFTER_RESTART_PREFIXES.some((prefix) => path === prefix || (prefix.endsWith('.') && path.startsWith(prefix)));
  return [[path, { path, section, schema, secret: schema.writeOnly === true, afterRestart }]];
}));

/** The value at a dotted path of a tree. */
export function valueAt(tree: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isTree(node) ? node[key] : undefined), tree);
}

/** Sets (or, with undefined, removes) the value at a dotted path, making the mappings on the way. */
export function setAt(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = tree;
  for (const key of keys) {
    const next = node[key];
    node = isTree(next) ? next : (node[key] = {});
  }
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** "Expected union value" says little: a choice of literals is listed instead. */
function problemOf(schema: TSchema, message: string): string {
  const choices = (schema.anyOf as TSchema[] | undefined)?.map((option) => option.const as unknown);
  if (choices && choices.every((choice) => typeof choice === 'string')) return `must be one of ${choices.join(' | ')}`;
  return message;
}

/** The value converted to the leaf's type (as YAML and env values are), or a refusal naming the key. */
export function checkedValue(leaf: RuntimeLeaf, value: unknown): unknown {
  const converted = Value.Convert(leaf.schema, value);
  const first = Value.Errors(leaf.schema, converted).First();
  if (first) {
    const inner = first.path.replace(/^\//, '').replaceAll('/', '.');
    throw new ConfigChangeError(inner ? `${leaf.path}.${inner}` : leaf.path, problemOf(first.schema, first.message));
  }
  return converted;
}

/** The whole configuration still valid, or a refusal naming the first key that is not. */
export function checkConfig(config: Config): void {
  const first = Value.Errors(ConfigSchema, config).First();
  if (first) throw new ConfigChangeError(first.path.replace(/^\//, '').replaceAll('/', '.'), problemOf(first.schema, first.message));
}

/**
 * A partial tree of changeable keys as leaf path → value; null resets a key (or every key of a
 * mapping) to the value it has without the admin API's change.
 */
export function changesOf(partial: unknown): Map<string, unknown> {
  if (!isTree(partial)) throw new ConfigChangeError('(body)', `must be a mapping of the changeable keys: ${RUNTIME_SECTIONS.join(', ')}`);
  const changes = new Map<string, unknown>();
  const walk = (node: Tree, schema: TSchema, path: string[]): void => {
    for (const [key, value] of Object.entries(node)) {
      const keys = [...path, key];
      const child = isObjectSchema(schema) ? schema.properties[key] : undefined;
      if (path.length === 0 && !isRuntimeSection(key)) {
        throw new ConfigChangeError(key, `cannot be changed at run time (changeable: ${RUNTIME_SECTIONS.join(', ')})`);
      }
      if (child === undefined) throw new ConfigChangeError(keys.join('.'), 'unknown key');
      if (!isObjectSchema(child)) changes.set(keys.join('.'), value);
      else if (value === null) for (const [leaf] of schemaLeaves(child, keys)) changes.set(leaf.join('.'), null);
      else if (isTree(value)) walk(value, child, keys);
      else throw new ConfigChangeError(keys.join('.'), 'must be a mapping');
    }
  };
  walk(partial, ConfigSchema, []);
  return changes;
}
