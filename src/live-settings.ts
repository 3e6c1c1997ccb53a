/**
 * The runtime configuration's changes reach the modules that own them, each through a small seam:
 * the translator is swapped, the banned-word list replaced, the notifier, the selection rule, the
 * timeouts and the result re-hosting given their new values. Nothing is rebuilt.
 */
import type { AccountPool } from './accounts/account-pool.js';
import { ConfigChangeError, type RuntimeSection } from './config/runtime-keys.js';
import type { RuntimeSettings } from './config/runtime-settings.js';
import type { Config } from './config/schema.js';
import { hostingKnobsOf, type ResultHosting } from './images/index.js';
import type { Logger } from './lib/logger.js';
import { notifyDefaultsOf, type Notifier } from './notify/index.js';
import { readBannedWordsFile } from './store/index.js';
import type { BannedWords } from './tasks/banned-words.js';
import type { TaskSystem } from './tasks/task-system.js';
import { TranslateConfigError, type LiveTranslator, type PromptTranslator } from './translate/index.js';

export interface LiveParts {
  settings: RuntimeSettings;
  translator: LiveTranslator;
  bannedWords: BannedWords;
  notifier: Notifier;
  pool: AccountPool;
  tasks: TaskSystem;
  /** Absent with images.store: none. */
  hosting: ResultHosting | undefined;
}

/** The list of the configuration: its own words, else the entries of its file (or of the shipped list). */
export async function bannedWordsOf(config: Config): Promise<string[]> {
  const { words, file } = config.bannedWords;
  if (words !== undefined) return words;
  try {
    return await readBannedWordsFile(file || undefined);
  } catch (error) {
    throw new ConfigChangeError('bannedWords.file', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Builds a module from the configuration in force. When changes kept in the store make that fail
 * (the YAML changed under them), they are dropped with a warning and the YAML's values apply.
 */
export async function buildFromSettings<T>(settings: RuntimeSettings, section: RuntimeSection, build: (config: Config) => T | Promise<T>, logger: Logger): Promise<T> {
  try {
    return await build(settings.current);
  } catch (error) {
    if (!settings.hasChanges(section)) throw error;
    logger.warn({ section, err: (error as Error).message }, 'the configuration changes kept in the store cannot be applied; they are dropped');
    await settings.forget(section);
    return build(settings.current);
  }
}

/** A translator for the next configuration; a key its way needs and lacks is a refusal naming that key. */
function buildTranslator(translator: LiveTranslator, next: Config): PromptTranslator {
  try {
    return translator.build(next.translate);
  } catch (error) {
    if (error instanceof TranslateConfigError) throw new ConfigChangeError(error.key, `is required when a translate way is ${error.way}`);
    throw error;
  }
}

export function connectLiveSettings(parts: LiveParts): void {
  const { settings, translator, bannedWords, notifier, pool, tasks, hosting } = parts;
  settings.onChange(['translate'], (next) => {
    const built = buildTranslator(translator, next);
    return { apply: () => translator.use(built, next.translate), discard: () => void built.close() };
  });
  settings.onChange(['bannedWords'], async (next) => {
    const words = await bannedWordsOf(next);
    return { apply: () => bannedWords.replace(words) };
  });
  settings.onChange(['notify'], (next) => ({ apply: () => notifier.configure(notifyDefaultsOf(next.notify)) }));
  settings.onChange(['accountSelection'], (next) => ({ apply: () => pool.setRule(next.accountSelection) }));
  settings.onChange(['timeouts'], (next) => ({ apply: () => tasks.setTimeouts(next.timeouts) }));
  settings.onChange(['images'], (next) => ({ apply: () => hosting?.configure(hostingKnobsOf(next.images)) }));
}
