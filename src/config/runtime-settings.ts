/**
 * The configuration that changes while mj-proxy runs (docs/admin-api.md, "Runtime configuration"):
 * translation, banned words, notify defaults, the account selection rule, timeouts, images. A change
 * is checked against the same schema as the YAML, then by every module it concerns (each gets ready
 * without changing anything yet), then kept in the store, then applied by those modules together;
 * a refusal at any step applies nothing. Kept changes win over the YAML and the environment at the
 * next start; `view()` says where each value came from and never shows a credential in clear.
 */
import { Value } from '@sinclair/typebox/value';
import type { Logger } from 'pino';
import type { JsonValue, RuntimeConfigStore } from './runtime-config-store.js';
import {
  changesOf, checkConfig, checkedValue, RUNTIME_LEAVES, RUNTIME_SECTIONS, setAt, valueAt, type RuntimeSection,
} from './runtime-keys.js';
import { ConfigSchema, type Config } from './schema.js';
import { maskSecret } from './secrets.js';
import type { ConfigSource, ConfigSources } from './sources.js';

/** A change a module is ready to make; `discard` undoes the getting ready when another module refused. */
export interface PreparedChange {
  apply(): void;
  discard?(): void;
}

/** Checks the next configuration (throwing ConfigChangeError naming a key) and gets ready to apply it. */
export type ChangeHandler = (next: Config, previous: Config) => PreparedChange | undefined | Promise<PreparedChange | undefined>;

export interface RuntimeView {
  /** The changeable sections, credentials masked. */
  config: Partial<Record<RuntimeSection, unknown>>;
  /** Leaf path → where its value came from. */
  sources: ConfigSources;
  /** Keys whose change is kept at once but applies only after a restart. */
  afterRestart: string[];
}

export interface UpdateResult {
  view: RuntimeView;
  /** The leaf paths whose value changed. */
  changed: string[];
}

export interface RuntimeSettingsOptions {
  /** The configuration of the YAML file, the environment and the defaults. */
  base: Config;
  /** Where each value of `base` came from; without it, a value equal to its default counts as `default`, any other as `yaml`. */
  sources?: ConfigSources;
  store: RuntimeConfigStore;
  logger: Logger;
}

const BANNED_WORDS = 'bannedWords.words';
const BANNED_WORDS_FILE = 'bannedWords.file';

function sourcesByDefaults(base: Config): ConfigSources {
  const defaults = Value.Default(ConfigSchema, {});
  const sources: ConfigSources = {};
  for (const path of RUNTIME_LEAVES.keys()) {
    sources[path] = JSON.stringify(valueAt(base, path)) === JSON.stringify(valueAt(defaults, path)) ? 'default' : 'yaml';
  }
  return sources;
}

export class RuntimeSettings {
  private overrides = new Map<string, unknown>();
  private config: Config;
  private readonly handlers: [readonly RuntimeSection[], ChangeHandler][] = [];
  private readonly baseSources: ConfigSources;
  private updating: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: RuntimeSettingsOptions) {
    this.config = options.base;
    this.baseSources = options.sources ?? sourcesByDefaults(options.base);
  }

  /** Reads the kept changes; one the schema no longer accepts is left out with a warning. */
  static async open(options: RuntimeSettingsOptions): Promise<RuntimeSettings> {
    const settings = new RuntimeSettings(options);
    for (const [key, value] of Object.entries(await options.store.getAll())) {
      const leaf = RUNTIME_LEAVES.get(key);
      try {
        if (!leaf) throw new Error('not a key that can change at run time');
        settings.overrides.set(key, checkedValue(leaf, value));
      } catch (error) {
        options.logger.warn({ key, err: (error as Error).message }, 'a kept configuration change is not valid any more; ignored');
      }
    }
    settings.config = settings.compose(settings.overrides);
    return settings;
  }

  /** The configuration in force: the base with the kept changes. */
  get current(): Config {
    return this.config;
  }

  /** Tells `handler` about every change of these sections. */
  onChange(sections: readonly RuntimeSection[], handler: ChangeHandler): void {
    this.handlers.push([sections, handler]);
  }

  /** Whether a kept change concerns this section. */
  hasChanges(section: RuntimeSection): boolean {
    return [...this.overrides.keys()].some((path) => RUNTIME_LEAVES.get(path)?.section === section);
  }

  /** Drops the kept changes of a section (they could not be applied at start): the base's values apply again. */
  async forget(section: RuntimeSection): Promise<void> {
    for (const path of [...this.overrides.keys()]) {
      if (RUNTIME_LEAVES.get(path)?.section !== section) continue;
      await this.options.store.delete(path);
      this.overrides.delete(path);
    }
    this.config = this.compose(this.overrides);
  }

  view(): RuntimeView {
    const config: Partial<Record<RuntimeSection, unknown>> = {};
    for (const section of RUNTIME_SECTIONS) config[section] = structuredClone(this.config[section]);
    const sources: ConfigSources = {};
    const afterRestart: string[] = [];
    for (const leaf of RUNTIME_LEAVES.values()) {
      sources[leaf.path] = this.sourceOf(leaf.path);
      if (leaf.afterRestart) afterRestart.push(leaf.path);
      const value = valueAt(config, leaf.path);
      if (leaf.secret && typeof value === 'string') setAt(config as Record<string, unknown>, leaf.path, maskSecret(value));
    }
    return { config, sources, afterRestart };
  }

  /** Applies a partial tree of changeable keys (one change at a time); throws ConfigChangeError and applies nothing when refused. */
  update(partial: unknown): Promise<UpdateResult> {
    const run = this.updating.then(() => this.apply(partial));
    this.updating = run.catch(() => undefined);
    return run;
  }

  private async apply(partial: unknown): Promise<UpdateResult> {
    const overrides = new Map(this.overrides);
    for (const [path, value] of changesOf(partial)) {
      const leaf = RUNTIME_LEAVES.get(path);
      if (!leaf) continue;
      if (value === null) overrides.delete(path);
      // A masked credential sent back as it was shown keeps the credential.
      else if (!(leaf.secret && value === maskSecret(String(valueAt(this.config, path) ?? '')))) overrides.set(path, checkedValue(leaf, value));
    }
    const next = this.compose(overrides);
    checkConfig(next);
    const changed = [...RUNTIME_LEAVES.keys()].filter((path) => JSON.stringify(overrides.get(path)) !== JSON.stringify(this.overrides.get(path)));
    const sections = new Set(changed.map((path) => RUNTIME_LEAVES.get(path)?.section));
    const prepared = await this.prepare(next, sections);
    try {
      for (const path of changed) {
        if (overrides.has(path)) await this.options.store.set(path, overrides.get(path) as JsonValue);
        else await this.options.store.delete(path);
      }
    } catch (error) {
      for (const change of prepared) change.discard?.();
      throw error;
    }
    for (const change of prepared) change.apply();
    this.overrides = overrides;
    this.config = next;
    if (changed.length > 0) this.options.logger.info({ keys: changed }, 'runtime configuration changed');
    return { view: this.view(), changed };
  }

  /** Every handler of a changed section gets ready; when one refuses, the others' preparations are discarded. */
  private async prepare(next: Config, sections: ReadonlySet<RuntimeSection | undefined>): Promise<PreparedChange[]> {
    const prepared: PreparedChange[] = [];
    try {
      for (const [concerns, handler] of this.handlers) {
        if (!concerns.some((section) => sections.has(section))) continue;
        const change = await handler(next, this.config);
        if (change) prepared.push(change);
      }
    } catch (error) {
      for (const change of prepared) change.discard?.();
      throw error;
    }
    return prepared;
  }

  private compose(overrides: ReadonlyMap<string, unknown>): Config {
    const config = structuredClone(this.options.base) as unknown as Record<string, unknown>;
    for (const [path, value] of overrides) setAt(config, path, structuredClone(value));
    return config as unknown as Config;
  }

  private sourceOf(path: string): ConfigSource {
    if (this.overrides.has(path)) return 'store';
    // Without a list of its own, the banned words are the file's.
    if (path === BANNED_WORDS && valueAt(this.options.base, path) === undefined) return this.baseSources[BANNED_WORDS_FILE] ?? 'default';
    return this.baseSources[path] ?? 'default';
  }
}
