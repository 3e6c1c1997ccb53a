/** Translation series: calls to each translation service and the ones that failed, with their time. */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { TranslationCall } from '../translate/index.js';

/** One HTTP call to a translation API; the whole translation is bounded by translate.timeoutMs (5 s by default). */
const TRANSLATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

export class TranslationMetrics {
  private readonly calls: Counter<'backend' | 'target'>;
  private readonly failures: Counter<'backend' | 'target'>;
  private readonly seconds: Histogram<'backend' | 'target'>;

  constructor(registry: Registry) {
    const options = { labelNames: ['backend', 'target'] as const, registers: [registry] };
    this.calls = new Counter({
      name: 'mj_translation_calls_total', help: 'Calls to a translation service (cache hits make none), by backend (baidu, deepl, gpt) and target language.', ...options,
    });
    this.failures = new Counter({
      name: 'mj_translation_failures_total', help: 'Translation calls that failed, timed out or answered garbage (the text went out untranslated).', ...options,
    });
    this.seconds = new Histogram({
      name: 'mj_translation_duration_seconds', help: 'Translation calls, failed ones included.', buckets: TRANSLATION_BUCKETS, ...options,
    });
  }

  observe({ backend, target, ok, seconds }: TranslationCall): void {
    const labels = { backend, target };
    this.calls.inc(labels);
    if (!ok) this.failures.inc(labels);
    this.seconds.observe(labels, seconds);
  }
}
