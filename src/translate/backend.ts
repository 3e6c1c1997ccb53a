/** The seam between the prompt logic and one translation service (Baidu, DeepL, an OpenAI-compatible chat API). */

export type TargetLanguage = 'en' | 'zh';

export interface TranslationBackend {
  /** The configured way, for logs. */
  readonly name: string;
  /**
   * Translates every text into `target`, answering in the same order. Throws TranslationError when
   * the service refuses, fails or answers something unusable; stops when `signal` aborts.
   */
  translate(texts: readonly string[], target: TargetLanguage, signal: AbortSignal): Promise<string[]>;
}

/** A translation service failed; the message never carries a credential. */
export class TranslationError extends Error {
  constructor(readonly backend: string, message: string) {
    super(`${backend}: ${message}`);
    this.name = 'TranslationError';
  }
}

/** The translate section of the configuration cannot work (a key the chosen way needs is empty). */
export class TranslateConfigError extends Error {
  constructor(readonly key: string, readonly way: string) {
    super(`${key} is required when a translate way is ${way}`);
    this.name = 'TranslateConfigError';
  }
}
