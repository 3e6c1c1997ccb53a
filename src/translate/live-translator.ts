/**
 * The prompt translator whose configuration changes at run time: a translator for the new
 * configuration is built (and so checked) first, then takes every new text; the one it replaces
 * finishes the texts it holds (each bounded by its timeout) and then closes.
 */
import type { TranslateConfig } from '../config/schema.js';
import type { PromptTranslator, TranslatorStats } from './prompt-translator.js';

/** Makes the translator of a configuration (createPromptTranslator with the service's logger). */
export type TranslatorFactory = (config: TranslateConfig) => PromptTranslator;

const addStats = (a: TranslatorStats, b: TranslatorStats): TranslatorStats => ({
  translated: a.translated + b.translated, failures: a.failures + b.failures, cacheHits: a.cacheHits + b.cacheHits,
});

export class LiveTranslator implements PromptTranslator {
  private current: PromptTranslator;
  private currentTimeoutMs: number;
  /** Replaced translators still finishing, with the timer that closes each. */
  private readonly retiring = new Map<PromptTranslator, NodeJS.Timeout>();
  /** What closed translators counted. */
  private closedStats: TranslatorStats = { translated: 0, failures: 0, cacheHits: 0 };

  /** Throws TranslateConfigError when the configuration misses a key its way needs. */
  constructor(config: TranslateConfig, private readonly create: TranslatorFactory) {
    this.current = create(config);
    this.currentTimeoutMs = config.timeoutMs;
  }

  toEnglish(prompt: string): Promise<string> {
    return this.current.toEnglish(prompt);
  }

  toChinese(text: string): Promise<string> {
    return this.current.toChinese(text);
  }

  /** A translator for this configuration, not in use yet; throws TranslateConfigError naming a missing key. */
  build(config: TranslateConfig): PromptTranslator {
    return this.create(config);
  }

  /** Every new text goes to `next` (made by build with `config`) from now on. */
  use(next: PromptTranslator, config: TranslateConfig): void {
    const replaced = this.current;
    const graceMs = this.currentTimeoutMs;
    this.current = next;
    this.currentTimeoutMs = config.timeoutMs;
    const timer = setTimeout(() => void this.closeRetired(replaced), graceMs);
    timer.unref();
    this.retiring.set(replaced, timer);
  }

  stats(): TranslatorStats {
    return [...this.retiring.keys(), this.current].reduce((sum, translator) => addStats(sum, translator.stats()), this.closedStats);
  }

  async close(): Promise<void> {
    await Promise.all([...this.retiring.keys()].map((translator) => this.closeRetired(translator)));
    await this.current.close();
  }

  private async closeRetired(translator: PromptTranslator): Promise<void> {
    const timer = this.retiring.get(translator);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.retiring.delete(translator);
    this.closedStats = addStats(this.closedStats, translator.stats());
    await translator.close();
  }
}
