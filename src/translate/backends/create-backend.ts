/** Builds the backend a translate way names, checking that the keys it needs are set. */
import type { Dispatcher } from 'undici';
import type { TranslateConfig, TranslateWayName } from '../../config/schema.js';
import { TranslateConfigError, type TranslationBackend } from '../backend.js';
import { createBaiduBackend } from './baidu.js';
import { createChatBackend } from './openai-chat.js';
import { createDeeplBackend } from './deepl.js';

/** `null` for `none`: that direction is not translated. Throws TranslateConfigError naming a missing key. */
export function createBackend(
  way: TranslateWayName,
  config: TranslateConfig,
  dispatcher: Dispatcher,
): TranslationBackend | null {
  switch (way) {
    case 'none':
      return null;
    case 'baidu':
      if (config.baidu.appId === '') throw new TranslateConfigError('translate.baidu.appId', way);
      if (config.baidu.appSecret === '') throw new TranslateConfigError('translate.baidu.appSecret', way);
      return createBaiduBackend(config.baidu, dispatcher);
    case 'deepl':
      if (config.deepl.authKey === '') throw new TranslateConfigError('translate.deepl.authKey', way);
      return createDeeplBackend(config.deepl, dispatcher);
    case 'gpt':
      if (config.gpt.baseUrl === '') throw new TranslateConfigError('translate.gpt.baseUrl', way);
      if (config.gpt.model === '') throw new TranslateConfigError('translate.gpt.model', way);
      return createChatBackend(config.gpt, dispatcher);
  }
}
