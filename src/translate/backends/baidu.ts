/**
 * Baidu general text translation (fanyi-api.baidu.com/api/trans/vip/translate): a signed form POST,
 * sign = MD5(appid + q + salt + secret). Several texts travel as the lines of one `q`; Baidu answers one
 * `trans_result` entry per line, and reports failures as HTTP 200 with `error_code` and `error_msg`.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { TranslationError, type TargetLanguage, type TranslationBackend } from '../backend.js';
import { isRecord, joinUrl, postForJson } from '../http-json.js';

const NAME = 'baidu';
const BAIDU_TRANSLATE_PATH = '/api/trans/vip/translate';
/** Baidu lists 52000 as "success"; real successes usually omit error_code altogether. */
const BAIDU_SUCCESS_CODE = '52000';
/** Any random number works as salt; it only has to differ between calls. */
const SALT_LIMIT = 2 ** 31 - 1;
const LANGUAGE: Record<TargetLanguage, { from: string; to: string }> = {
  en: { from: 'zh', to: 'en' },
  zh: { from: 'en', to: 'zh' },
};

export interface BaiduSettings {
  appId: string;
  appSecret: string;
  baseUrl: string;
}

function baiduSign(appId: string, q: string, salt: string, appSecret: string): string {
  return createHash('md5').update(appId + q + salt + appSecret, 'utf8').digest('hex');
}

export function createBaiduBackend(settings: BaiduSettings, dispatcher: Dispatcher): TranslationBackend {
  const url = joinUrl(settings.baseUrl, BAIDU_TRANSLATE_PATH);
  return {
    name: NAME,
    async translate(texts, target, signal) {
      // A newline inside a text would split it into two result lines.
      const q = texts.map((text) => text.replace(/\s*[\r\n]+\s*/g, ' ')).join('\n');
      const salt = String(randomInt(SALT_LIMIT));
      const { from, to } = LANGUAGE[target];
      const form = new URLSearchParams({
        q, from, to, appid: settings.appId, salt, sign: baiduSign(settings.appId, q, salt, settings.appSecret),
      });
      const body = await postForJson({
        backend: NAME,
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal,
        dispatcher,
      });
      return readResults(body, texts.length);
    },
  };
}

function readResults(body: unknown, expected: number): string[] {
  if (!isRecord(body)) throw new TranslationError(NAME, 'answer is not a JSON object');
  if (body.error_code !== undefined && String(body.error_code) !== BAIDU_SUCCESS_CODE) {
    throw new TranslationError(NAME, `error ${String(body.error_code)}: ${String(body.error_msg ?? '')}`);
  }
  const results = body.trans_result;
  if (!Array.isArray(results)) throw new TranslationError(NAME, 'answer has no trans_result list');
  const lines = results.map((entry: unknown) => (isRecord(entry) && typeof entry.dst === 'string' ? entry.dst : null));
  if (lines.length !== expected || lines.some((line) => line === null)) {
    throw new TranslationError(NAME, `expected ${expected} trans_result lines with dst, got ${results.length}`);
  }
  return lines as string[];
}
