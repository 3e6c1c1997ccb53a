/** Prompt translation: Baidu, DeepL or an OpenAI-compatible chat API behind one never-failing translator. */
export {
  createPromptTranslator, type PromptTranslator, type TranslationCall, type TranslationObserver, type TranslatorStats,
} from './prompt-translator.js';
export { containsChinese } from './pieces.js';
export { TranslateConfigError } from './backend.js';
export { LiveTranslator, type TranslatorFactory } from './live-translator.js';
