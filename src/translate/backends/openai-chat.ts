/**
 * Any OpenAI-compatible chat completions endpoint (`POST <baseUrl>/chat/completions`, Bearer key): one
 * completion per text, run in parallel, the answer read from `choices[0].message.content`. Errors come
 * as HTTP statuses with `{"error": {"message", "type", "code"}}`.
 */
import type { Dispatcher } from 'undici';
import { TranslationError, type TargetLanguage, type TranslationBackend } from '../backend.js';
import { isRecord, joinUrl, postForJson } from '../http-json.js';

const NAME = 'gpt';
const CHAT_COMPLETIONS_PATH = '/chat/completions';
/** Translation wants the most likely wording, not creativity. */
const TEMPERATURE = 0;
const INSTRUCTIONS: Record<TargetLanguage, string> = {
  en: 'Translate the user message into English for an image generation prompt. '
    + 'Answer with the translation only: no quotes, notes or explanations.',
  zh: 'Translate the user message into Simplified Chinese. Keep markdown markers such as ** and ~~ where they are. '
    + 'Answer with the translation only: no quotes, notes or explanations.',
};

export interface ChatSettings {
  baseUrl: string;
  apiKey: string;
  model: string;
}

/** Accepts a base URL (`…/v1`) or, as older configurations hold, the full completions URL. */
function chatCompletionsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith(CHAT_COMPLETIONS_PATH) ? trimmed : joinUrl(trimmed, CHAT_COMPLETIONS_PATH);
}

export function createChatBackend(settings: ChatSettings, dispatcher: Dispatcher): TranslationBackend {
  const url = chatCompletionsUrl(settings.baseUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // Local OpenAI-compatible servers often run without a key.
  if (settings.apiKey !== '') headers.authorization = `Bearer ${settings.apiKey}`;

  async function complete(text: string, target: TargetLanguage, signal: AbortSignal): Promise<string> {
    const body = await postForJson({
      backend: NAME,
      url,
      headers,
      body: JSON.stringify({
        model: settings.model,
        temperature: TEMPERATURE,
        messages: [{ role: 'system', content: INSTRUCTIONS[target] }, { role: 'user', content: text }],
      }),
      signal,
      dispatcher,
    });
    return readContent(body);
  }

  return {
    name: NAME,
    translate: (texts, target, signal) => Promise.all(texts.map((text) => complete(text, target, signal))),
  };
}

function readContent(body: unknown): string {
  const choices = isRecord(body) ? body.choices : undefined;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message = isRecord(first) ? first.message : undefined;
  const content = isRecord(message) ? message.content : undefined;
  if (typeof content !== 'string') throw new TranslationError(NAME, 'answer has no choices[0].message.content');
  return content;
}
