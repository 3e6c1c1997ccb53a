/**
 * DeepL v2 (`POST /v2/translate`, JSON body, `Authorization: DeepL-Auth-Key <key>`). Free keys end in
 * ':fx' and live on api-free.deepl.com, Pro keys on api.deepl.com. Errors are HTTP statuses: 403 (bad key
 * or wrong host), 456 (quota exceeded), 429 (too many requests), with a JSON `message`.
 */
import type { Dispatcher } from 'undici';
import { TranslationError, type TargetLanguage, type TranslationBackend } from '../backend.js';
import { isRecord, joinUrl, postForJson } from '../http-json.js';

const NAME = 'deepl';
const DEEPL_TRANSLATE_PATH = '/v2/translate';
export const DEEPL_FREE_URL = 'https://api-free.deepl.com';
export const DEEPL_PRO_URL = 'https://api.deepl.com';
const FREE_KEY_SUFFIX = ':fx';
/** Plain "EN" as a target is deprecated by DeepL; "ZH-HANS" is simplified Chinese. */
const LANGUAGE: Record<TargetLanguage, { source_lang: string; target_lang: string }> = {
  en: { source_lang: 'ZH', target_lang: 'EN-US' },
  zh: { source_lang: 'EN', target_lang: 'ZH-HANS' },
};

export interface DeeplSettings {
  authKey: string;
  baseUrl: string;
}

export function deeplBaseUrl(settings: DeeplSettings): string {
  if (settings.baseUrl !== '') return settings.baseUrl;
  return settings.authKey.endsWith(FREE_KEY_SUFFIX) ? DEEPL_FREE_URL : DEEPL_PRO_URL;
}

export function createDeeplBackend(settings: DeeplSettings, dispatcher: Dispatcher): TranslationBackend {
  const url = joinUrl(deeplBaseUrl(settings), DEEPL_TRANSLATE_PATH);
  return {
    name: NAME,
    async translate(texts, target, signal) {
      const body = await postForJson({
        backend: NAME,
        url,
        headers: { authorization: `DeepL-Auth-Key ${settings.authKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: texts, ...LANGUAGE[target] }),
        signal,
        dispatcher,
      });
      return readResults(body, texts.length);
    },
  };
}

function readResults(body: unknown, expected: number): string[] {
  const list = isRecord(body) ? body.translations : undefined;
  if (!Array.isArray(list)) throw new TranslationError(NAME, 'answer has no translations list');
  const texts = list.map((entry: unknown) => (isRecord(entry) && typeof entry.text === 'string' ? entry.text : null));
  if (texts.length !== expected || texts.some((text) => text === null)) {
    throw new TranslationError(NAME, `expected ${expected} translations with text, got ${list.length}`);
  }
  return texts as string[];
}
