/**
 * The translator the task service uses (SPEC §9): prompts into English before they are sent, describe
 * and shorten results into Chinese for `finalZhPrompt`. It never throws and never waits longer than
 * `timeoutMs` per text: on any failure the prompt goes out untranslated and the incident is logged and
 * counted. Translations are cached per piece.
 */
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import type { TranslateConfig } from '../config/schema.js';
import type { Logger } from '../lib/logger.js';
import type { PromptTranslatorPort } from '../tasks/ports.js';
import { TranslationError, type TargetLanguage, type TranslationBackend } from './backend.js';
import { createBackend } from './backends/create-backend.js';
import { withDeadline } from './deadline.js';
import { errorText } from './http-json.js';
import { LruCache } from './lru-cache.js';
import { containsChinese, joinPieces, textsToTranslate, type Piece } from './pieces.js';
import { splitPrompt } from './prompt-pieces.js';
import { splitResult } from './result-pieces.js';

export interface TranslatorStats {
  /** Pieces a backend translated (cache hits not included). */
  translated: number;
  /** Texts that fell back because a backend failed, timed out or answered garbage. */
  failures: number;
  /** Pieces answered from the cache. */
  cacheHits: number;
}

/** One call to a translation service as it ended (cache hits make none), for metrics. */
export interface TranslationCall {
  /** The translate way: baidu | deepl | gpt. */
  backend: string;
  target: TargetLanguage;
  ok: boolean;
  seconds: number;
}

/** Told about every call to a backend; must not throw. */
export type TranslationObserver = (call: TranslationCall) => void;

export interface PromptTranslator extends PromptTranslatorPort {
  stats(): TranslatorStats;
  /** Aborts translations in flight (they fall back) and closes the HTTP connections. */
  close(): Promise<void>;
}

const MS_PER_SECOND = 1000;

/** Throws TranslateConfigError when the chosen way misses a key it needs. */
export function createPromptTranslator(config: TranslateConfig, logger: Logger, observer?: TranslationObserver): PromptTranslator {
  // Our own connection pool, so close() really ends every socket this module opened.
  const agent = new Agent();
  const toEnglish = createBackend(config.way, config, agent);
  const toChinese = createBackend(config.zhWay, config, agent);
  const cache = new LruCache<string, string>(config.cacheSize);
  const running = new Set<AbortController>();
  const counters: TranslatorStats = { translated: 0, failures: 0, cacheHits: 0 };
  let closed = false;

  /** The translated text, or `null` when the backend let us down. */
  async function translate(pieces: Piece[], backend: TranslationBackend, target: TargetLanguage): Promise<string | null> {
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const text of textsToTranslate(pieces)) {
      const cached = cache.get(cacheKey(target, text));
      if (cached === undefined) missing.push(text);
      else found.set(text, cached);
    }
    counters.cacheHits += found.size;
    if (missing.length > 0) {
      const started = performance.now();
      const told = (ok: boolean) => observer?.({ backend: backend.name, target, ok, seconds: (performance.now() - started) / MS_PER_SECOND });
      try {
        const answers = await withDeadline(config.timeoutMs, running, (signal) => backend.translate(missing, target, signal));
        missing.forEach((text, index) => {
          const answer = cleanAnswer(backend, answers[index]);
          found.set(text, answer);
          cache.set(cacheKey(target, text), answer);
        });
        counters.translated += missing.length;
      } catch (err) {
        counters.failures += 1;
        told(false);
        logger.warn({ translateWay: backend.name, target, reason: errorText(err) }, 'translation failed; keeping the original text');
        return null;
      }
      told(true);
    }
    return joinPieces(pieces, found);
  }

  return {
    async toEnglish(prompt) {
      if (closed || !toEnglish || !containsChinese(prompt)) return prompt;
      return (await translate(splitPrompt(prompt), toEnglish, 'en')) ?? prompt;
    },
    async toChinese(text) {
      if (closed || !toChinese) return '';
      return (await translate(splitResult(text), toChinese, 'zh')) ?? '';
    },
    stats: () => ({ ...counters }),
    async close() {
      closed = true;
      for (const controller of running) controller.abort(new Error('translator closed'));
      await agent.close();
    },
  };
}

function cacheKey(target: TargetLanguage, text: string): string {
  return `${target}\n${text}`;
}

/** One line, trimmed; an empty answer to a non-empty text is garbage, not a translation. */
function cleanAnswer(backend: TranslationBackend, answer: string | undefined): string {
  const line = (answer ?? '').replace(/\s+/g, ' ').trim();
  if (line === '') throw new TranslationError(backend.name, 'answered an empty translation');
  return line;
}
