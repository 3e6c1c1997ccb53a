import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import {
  DiscordApiError, DiscordNetworkError, DiscordRest, mayHaveReachedDiscord, rewriteUploadOrigin, routeOf, type RestExchange, type RestObserver,
} from '../../src/discord/rest/index.js';
import { InteractionType, type InteractionRequest } from '../../src/discord/protocol/index.js';
import { FakeHttp, sequence, type Responder } from './fake-http.js';

const TOKEN = 'secret-user-token';
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36';
const FAST_RETRY = { maxAttempts: 3, backoff: { baseMs: 5, capMs: 20 } };

async function setup(t: TestContext, respond: Responder, observer?: RestObserver) {
  const http = await FakeHttp.start(respond);
  const rest = new DiscordRest({
    apiBaseUrl: `${http.origin}/api/v9`, token: TOKEN, userAgent: UA, retry: FAST_RETRY,
    uploadUrlRewrite: rewriteUploadOrigin(http.origin), observer,
  });
  t.after(async () => {
    await rest.close();
    await http.close();
  });
  return { http, rest };
}

const interaction: InteractionRequest = {
  type: InteractionType.MessageComponent, application_id: '936929561302675456', channel_id: '2', guild_id: '1',
  session_id: 'S', nonce: 'N', message_id: '3', message_flags: 0, data: { component_type: 2, custom_id: 'MJ::JOB::upsample::1::h' },
};

test('sends the raw token and browser headers; interact expects 204', async (t) => {
  const { http, rest } = await setup(t, sequence({ status: 204 }));
  await rest.interact(interaction);
  const [request] = http.requests;
  assert.equal(request?.method, 'POST');
  assert.equal(request?.url, '/api/v9/interactions');
  assert.equal(request?.headers.authorization, TOKEN);
  assert.equal(request?.headers['user-agent'], UA);
  assert.equal(request?.headers['content-type'], 'application/json');
  const properties = JSON.parse(Buffer.from(String(request?.headers['x-super-properties']), 'base64').toString()) as Record<string, unknown>;
  assert.deepEqual([properties.os, properties.browser, properties.browser_version, properties.browser_user_agent], ['Mac OS X', 'Chrome', '137.0.0.0', UA]);
  assert.deepEqual(JSON.parse(request?.body.toString() ?? ''), interaction);
});

test('429 waits retry_after from the body, then retries', async (t) => {
  const { http, rest } = await setup(t, sequence(
    { status: 429, json: { message: 'You are being rate limited.', retry_after: 0.05, global: false } },
    { status: 204 },
  ));
  const started = Date.now();
  await rest.interact(interaction);
  assert.equal(http.requests.length, 2);
  assert.ok(Date.now() - started >= 45, 'waited for retry_after');
});

test('429 falls back to the Retry-After header and gives up after the bounded attempts', async (t) => {
  const { http, rest } = await setup(t, sequence({ status: 429, headers: { 'retry-after': '0.01' }, json: { message: 'slow down' } }));
  await assert.rejects(rest.getMe(), (error) => error instanceof DiscordApiError && error.status === 429);
  assert.equal(http.requests.length, FAST_RETRY.maxAttempts);
});

test('the observer hears every try: its route, status (null without an answer) and time', async (t) => {
  const heard: RestExchange[] = [];
  const { rest } = await setup(t, sequence(
    { status: 429, json: { message: 'slow down', retry_after: 0.01 } }, { status: 0, reset: true }, { status: 200, json: [] },
  ), (exchange) => heard.push(exchange));
  await rest.listMessages('123', { limit: 5 });
  const route = 'GET /channels/123/messages';
  assert.deepEqual(heard.map((exchange) => [exchange.route, exchange.status]), [[route, 429], [route, null], [route, 200]]);
  assert.ok(heard.every(({ seconds }) => seconds >= 0 && seconds < 10));
});

test('5xx is retried with backoff', async (t) => {
  const { http, rest } = await setup(t, sequence({ status: 502 }, { status: 500, json: { message: 'oops' } }, { status: 200, json: { id: '42' } }));
  const me = await rest.getMe();
  assert.equal(me.id, '42');
  assert.equal(http.requests.length, 3);
});

test('an interaction is never repeated once it may have arrived: 5xx and a reset fail at once, as possibly delivered', async (t) => {
  const { http, rest } = await setup(t, sequence({ status: 502 }, { status: 0, reset: true }, { status: 204 }));
  const bad = await rest.interact(interaction).then(() => undefined, (caught: unknown) => caught);
  assert.ok(bad instanceof DiscordApiError && bad.status === 502 && mayHaveReachedDiscord(bad));
  const reset = await rest.interact(interaction).then(() => undefined, (caught: unknown) => caught);
  assert.ok(reset instanceof DiscordNetworkError && reset.requestSent && mayHaveReachedDiscord(reset));
  assert.equal(http.requests.length, 2, 'one request each, no retry');
  const limited = await rest.submitActivityJob(http.origin, { customId: 'c' }).then(() => 'sent', () => 'failed');
  assert.equal(limited, 'sent');
});

test('an interaction whose connection never opened is retried and reported as not delivered', async (t) => {
  const http = await FakeHttp.start(sequence({ status: 204 }));
  const deadOrigin = http.origin;
  await http.close();
  const rest = new DiscordRest({ apiBaseUrl: `${deadOrigin}/api/v9`, token: TOKEN, retry: FAST_RETRY });
  t.after(() => rest.close());
  const error = await rest.interact(interaction).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof DiscordNetworkError && !error.requestSent && !mayHaveReachedDiscord(error));
  assert.equal(mayHaveReachedDiscord(new DiscordApiError(429, { message: 'slow down' }, 'POST', '/interactions')), false);
});

test('401 becomes a DiscordApiError at once, without the token', async (t) => {
  const { http, rest } = await setup(t, sequence({ status: 401, json: { message: '401: Unauthorized', code: 0 } }));
  const error = await rest.getMe().then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof DiscordApiError);
  assert.equal(error.status, 401);
  assert.equal(error.code, 0);
  assert.equal(error.discordMessage, '401: Unauthorized');
  assert.equal(error.isInvalidCommandVersion(), false);
  assert.equal(http.requests.length, 1);
  assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(TOKEN));
});

test('a stale command version is recognised wherever Discord nests it', async (t) => {
  const { rest } = await setup(t, sequence({ status: 400, json: {
    code: 50035, message: 'Invalid Form Body',
    errors: { data: { _errors: [{ code: 'INTERACTION_APPLICATION_COMMAND_INVALID_VERSION', message: 'outdated' }] } },
  } }));
  await assert.rejects(rest.interact(interaction), (error) => error instanceof DiscordApiError && error.isInvalidCommandVersion());
});

test('a bucket with Remaining 0 holds the next request until Reset-After', async (t) => {
  const { http, rest } = await setup(t, sequence(
    { status: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.08', 'x-ratelimit-limit': '1' }, json: [] },
    { status: 200, json: [] },
  ));
  await rest.listMessages('7', { limit: 10, before: '99' });
  const started = Date.now();
  await rest.listMessages('7', { limit: 10 });
  assert.ok(Date.now() - started >= 70, 'waited for the bucket to reset');
  assert.deepEqual(http.requests.map((r) => r.url), ['/api/v9/channels/7/messages?limit=10&before=99', '/api/v9/channels/7/messages?limit=10']);
});

test('uploads: slots, PUT to the (rewritten) upload URL without auth, refs for the interaction', async (t) => {
  const { http, rest } = await setup(t, (request) => {
    if (request.method === 'PUT') return { status: 200 };
    const { files } = JSON.parse(request.body.toString()) as { files: { id: string; filename: string }[] };
    return { status: 200, json: { attachments: files.map((f) => ({
      id: f.id, upload_filename: `u${f.id}/${f.filename}`,
      upload_url: `https://uploads.example.invalid/u${f.id}/${f.filename}?upload_id=x${f.id}`,
    })) } };
  });
  const refs = await rest.uploadAttachments('5', [
    { filename: 'a.png', bytes: Buffer.from('AAA'), contentType: 'image/png' },
    { filename: 'b.jpg', bytes: Buffer.from('BB'), contentType: 'image/jpeg' },
  ]);
  assert.deepEqual(refs, [
    { id: '0', filename: 'a.png', uploaded_filename: 'u0/a.png' },
    { id: '1', filename: 'b.jpg', uploaded_filename: 'u1/b.jpg' },
  ]);
  const [slots, ...puts] = http.requests;
  assert.equal(slots?.url, '/api/v9/channels/5/attachments');
  assert.deepEqual(JSON.parse(slots?.body.toString() ?? '').files[0], { filename: 'a.png', file_size: 3, id: '0', is_clip: false });
  const putA = puts.find((p) => p.url === '/u0/a.png?upload_id=x0');
  assert.equal(putA?.body.toString(), 'AAA');
  assert.equal(putA?.headers['content-type'], 'image/png');
  assert.equal(putA?.headers.authorization, undefined);
});

test('endpoint paths: reactions are URL-encoded, command index by guild or channel, DM, ack, activity', async (t) => {
  const { http, rest } = await setup(t, (request) => (request.method === 'PUT' ? { status: 204 } : { status: 200, json: { ok: 'success', id: '9', applications: [], application_commands: [] } }));
  await rest.addReaction('1', '2', '✉️');
  await rest.getCommandIndex({ guildId: '10' });
  await rest.getCommandIndex({ channelId: '11' });
  await rest.createDmChannel('936929561302675456');
  await rest.ackMessage('1', '2');
  await rest.createMessage('1', { content: '', nonce: 'n' });
  const activity = await rest.submitActivityJob(`${http.origin}/`, { customId: 'c', mask: 'm' });
  assert.deepEqual(activity, { ok: 'success', id: '9', applications: [], application_commands: [] });
  assert.deepEqual(http.requests.map((r) => `${r.method} ${r.url}`), [
    'PUT /api/v9/channels/1/messages/2/reactions/%E2%9C%89%EF%B8%8F/%40me?location=Message&type=0',
    'GET /api/v9/guilds/10/application-command-index',
    'GET /api/v9/channels/11/application-command-index',
    'POST /api/v9/users/@me/channels',
    'POST /api/v9/channels/1/messages/2/ack',
    'POST /api/v9/channels/1/messages',
    'POST /inpaint/api/submit-job',
  ]);
  assert.deepEqual(JSON.parse(http.requests[3]?.body.toString() ?? ''), { recipients: ['936929561302675456'] });
  assert.equal(http.requests[6]?.headers.authorization, TOKEN);
});

test('routeOf keeps major ids and collapses the rest', () => {
  assert.equal(routeOf('GET', '/channels/123/messages/456?x=1'), 'GET /channels/123/messages/:id');
  assert.equal(routeOf('PUT', '/channels/1/messages/2/reactions/%E2%9C%89/%40me'), 'PUT /channels/1/messages/:id/reactions/:emoji/%40me');
  assert.equal(routeOf('GET', '/guilds/9/application-command-index'), 'GET /guilds/9/application-command-index');
});

test('network failures are retried, then reported as DiscordNetworkError', async (t) => {
  const http = await FakeHttp.start(sequence({ status: 204 }));
  const deadOrigin = http.origin;
  await http.close();
  const rest = new DiscordRest({ apiBaseUrl: `${deadOrigin}/api/v9`, token: TOKEN, retry: FAST_RETRY });
  t.after(() => rest.close());
  await assert.rejects(rest.getMe(), (error) => error instanceof DiscordNetworkError && !error.message.includes(TOKEN));
});
