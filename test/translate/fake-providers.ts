/**
 * Fake Baidu, DeepL and OpenAI-compatible servers speaking the real formats: they check the signature,
 * the auth headers and the body shape, and answer with the providers' own success and error bodies.
 */
import { createHash } from 'node:crypto';
import { fakeTranslate, startFakeServer, type FakeServer, type Reply } from './fake-server.js';

export async function fakeBaidu(appId: string, appSecret: string): Promise<FakeServer> {
  return startFakeServer((call) => {
    if (call.method !== 'POST' || call.path !== '/api/trans/vip/translate') return { status: 404, raw: 'not found' };
    if (call.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return { status: 200, json: { error_code: '54000', error_msg: 'PARAM_FROM_TO_OR_Q_EMPTY' } };
    }
    const form = new URLSearchParams(call.body);
    const [q, from, to, salt, sign] = ['q', 'from', 'to', 'salt', 'sign'].map((key) => form.get(key) ?? '');
    if (form.get('appid') !== appId) return { status: 200, json: { error_code: '52003', error_msg: 'UNAUTHORIZED USER' } };
    const expected = createHash('md5').update(`${appId}${q}${salt}${appSecret}`, 'utf8').digest('hex');
    if (sign !== expected) return { status: 200, json: { error_code: '54001', error_msg: 'Invalid Sign' } };
    const target = to === 'en' ? 'en' : 'zh';
    const trans_result = (q ?? '').split('\n').map((src) => ({ src, dst: fakeTranslate(src, target) }));
    return { status: 200, json: { from, to, trans_result } };
  });
}

export async function fakeDeepl(authKey: string): Promise<FakeServer> {
  return startFakeServer((call) => {
    if (call.method !== 'POST' || call.path !== '/v2/translate') return { status: 404, json: { message: 'Not found' } };
    if (call.headers.authorization !== `DeepL-Auth-Key ${authKey}`) return { status: 403, json: { message: 'Forbidden' } };
    if (call.headers['content-type'] !== 'application/json') return { status: 415, json: { message: 'Unsupported media type' } };
    const body = JSON.parse(call.body) as { text?: unknown; target_lang?: unknown };
    if (!Array.isArray(body.text) || typeof body.target_lang !== 'string') {
      return { status: 400, json: { message: "Value for 'target_lang' not supported." } };
    }
    const target = body.target_lang.startsWith('EN') ? 'en' : 'zh';
    const translations = body.text.map((text: unknown) => ({
      detected_source_language: target === 'en' ? 'ZH' : 'EN',
      text: fakeTranslate(String(text), target),
    }));
    return { status: 200, json: { translations } };
  });
}

export async function fakeChat(apiKey: string, model: string): Promise<FakeServer> {
  return startFakeServer((call) => {
    if (call.method !== 'POST' || call.path !== '/v1/chat/completions') return chatError(404, 'Unknown endpoint', 'invalid_request_error');
    if (call.headers.authorization !== `Bearer ${apiKey}`) {
      return chatError(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    const body = JSON.parse(call.body) as { model?: unknown; messages?: { role: string; content: string }[] };
    if (body.model !== model) return chatError(404, `The model \`${String(body.model)}\` does not exist`, 'invalid_request_error', 'model_not_found');
    const system = body.messages?.find((message) => message.role === 'system')?.content ?? '';
    const user = body.messages?.find((message) => message.role === 'user')?.content ?? '';
    const target = system.includes('into English') ? 'en' : 'zh';
    return { status: 200, json: chatCompletion(model, fakeTranslate(user, target)) };
  });
}

export function chatCompletion(model: string, content: string | null): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

export function chatError(status: number, message: string, type: string, code: string | null = null): Reply {
  return { status, json: { error: { message, type, param: null, code } } };
}
