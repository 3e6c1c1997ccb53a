import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastRequest, PNG_BASE64, PNG_DATA_URL, post, SUBMITTED, testApp } from './helpers.js';

test('each submit route hands a converted request to the service and answers its submit answer', async (t) => {
  const { app, tasks } = await testApp();
  t.after(() => app.close());
  const cases: [string, Record<string, unknown>, string][] = [
    ['/mj/submit/imagine', { prompt: ' cat ', base64Array: [PNG_DATA_URL] }, 'imagine'],
    ['/mj/submit/blend', { base64Array: [PNG_DATA_URL, PNG_BASE64] }, 'blend'],
    ['/mj/submit/describe', { base64: PNG_DATA_URL }, 'describe'],
    ['/mj/submit/shorten', { prompt: 'a long prompt' }, 'shorten'],
    ['/mj/submit/action', { taskId: '1', customId: 'MJ::JOB::upsample::1::h' }, 'action'],
    ['/mj/submit/modal', { taskId: '1', prompt: 'cat --zoom 1.5' }, 'modal'],
    ['/mj/submit/change', { taskId: '1', action: 'upscale', index: 2 }, 'change'],
    ['/mj/submit/simple-change', { content: '1 V3' }, 'change'],
    ['/mj/submit/upload-discord-images', { base64Array: [PNG_DATA_URL] }, 'uploadImages'],
    ['/mj/insight-face/swap', { sourceBase64: PNG_DATA_URL, targetUrl: 'https://example.com/t.png' }, 'swapFace'],
    ['/mj/submit/video', { image: PNG_DATA_URL, motion: 'HIGH' }, 'video'],
  ];
  for (const [url, payload, method] of cases) {
    const { status, body, raw } = await post(app, url, payload);
    assert.equal(status, 200, url);
    // Unknown properties keys survive serialisation; result stays a string.
    assert.deepEqual(body, SUBMITTED, url);
    assert.ok(!raw.includes('": '), `${url} answers compact JSON`);
    assert.equal(tasks.calls.at(-1)?.method, method, url);
  }
  assert.equal(lastRequest(tasks, 'imagine').prompt, 'cat');
  assert.equal((lastRequest(tasks, 'imagine').images as unknown[]).length, 1);
  assert.equal(lastRequest(tasks, 'blend').dimensions, 'SQUARE');
  assert.deepEqual(lastRequest(tasks, 'change'), { taskId: '1', action: 'VARIATION', index: 3 });
  assert.equal(lastRequest(tasks, 'video').motion, 'high');
  const swap = lastRequest(tasks, 'swapFace');
  assert.ok(swap.source && swap.target);
});

test('common fields: botType and mode any case, accountFilter cleaned, state byte for byte, nulls ignored', async (t) => {
  const { app, tasks } = await testApp();
  t.after(() => app.close());
  const state = ' {"a": "猫"}\n ';
  const { body } = await post(app, '/mj-relax/mj/submit/imagine', {
    prompt: 'cat', state, botType: 'niji', mode: 'turbo', notifyHook: 'https://hook.example/x', base64Array: null,
    accountFilter: { channelId: '', instanceId: 'acc-2', modes: ['relax', ''], remix: false, remark: null },
    upscaleIndexes: [1, 2],
  });
  assert.equal(body.code, 1);
  assert.deepEqual(lastRequest(tasks, 'imagine'), {
    prompt: 'cat', images: [], state, botType: 'NIJI_JOURNEY', mode: 'TURBO', prefixMode: 'RELAX',
    notifyHook: 'https://hook.example/x', accountFilter: { instanceId: 'acc-2', modes: ['RELAX'], remix: false },
  });
  await post(app, '/mj/submit/shorten', { prompt: 'x', botType: 'MID_JOURNEY', notifyHook: '' });
  assert.deepEqual(lastRequest(tasks, 'shorten'), { prompt: 'x', botType: 'MID_JOURNEY' });
});

test('every mode prefix becomes prefixMode', async (t) => {
  const { app, tasks } = await testApp();
  t.after(() => app.close());
  const prefixes: [string, string | undefined][] = [
    ['/mj', undefined], ['/mj-fast/mj', 'FAST'], ['/mj-relax/mj', 'RELAX'], ['/mj-turbo/mj', 'TURBO'],
    ['/fast/mj', 'FAST'], ['/relax/mj', 'RELAX'], ['/turbo/mj', 'TURBO'],
  ];
  for (const [prefix, mode] of prefixes) {
    assert.equal((await post(app, `${prefix}/submit/shorten`, { prompt: 'x' })).status, 200, prefix);
    assert.equal(lastRequest(tasks, 'shorten').prefixMode, mode, prefix);
    const fetched = await app.inject(`${prefix}/task/1700000000000123/fetch`);
    assert.equal(fetched.statusCode, 200, prefix);
  }
});

test('with notify.allowedHosts set, a notifyHook on another host is code 4; a listed one is accepted', async (t) => {
  const { app, tasks } = await testApp({ server: { english: true }, notify: { allowedHosts: ['hooks.example', '[::1]'] } });
  t.after(() => app.close());
  for (const hook of ['http://10.0.0.5/cb', 'https://evil.example/cb', 'http://hooks.example.evil.example/cb']) {
    const { body } = await post(app, '/mj/submit/imagine', { prompt: 'cat', notifyHook: hook });
    assert.equal(body.code, 4, hook);
    assert.equal(body.description, 'notifyHook: its host is not in notify.allowedHosts');
  }
  for (const hook of ['https://HOOKS.example:8443/cb', 'http://[::1]:9000/cb']) {
    assert.equal((await post(app, '/mj/submit/imagine', { prompt: 'cat', notifyHook: hook })).body.code, 1, hook);
  }
  assert.equal(tasks.calls.length, 2);
});

test('input errors answer HTTP 200 with code 4 naming the field', async (t) => {
  const { app, tasks } = await testApp({ server: { english: true } });
  t.after(() => app.close());
  const cases: [string, unknown, RegExp][] = [
    ['/mj/submit/imagine', {}, /^prompt: is required$/],
    ['/mj/submit/imagine', { prompt: '   ' }, /^prompt: is required$/],
    ['/mj/submit/imagine', { prompt: { text: 'cat' } }, /^prompt: must be string$/],
    ['/mj/submit/imagine', { prompt: 'cat', base64Array: Array(6).fill(PNG_DATA_URL) }, /^base64Array: takes at most 5/],
    ['/mj/submit/imagine', { prompt: 'cat', base64Array: [PNG_DATA_URL, 'bad'] }, /^base64Array\[1\]: is not a usable image/],
    ['/mj/submit/imagine', { prompt: 'cat', notifyHook: 'ftp://x' }, /^notifyHook: must be an http\(s\) URL$/],
    ['/mj/submit/imagine', { prompt: 'cat', botType: 'DALLE' }, /^botType: must be one of MID_JOURNEY \| NIJI_JOURNEY$/],
    ['/mj/submit/imagine', { prompt: 'cat', mode: 'slow' }, /^mode: must be one of FAST \| RELAX \| TURBO$/],
    ['/mj/submit/imagine', { prompt: 'cat', accountFilter: { modes: ['FAST', 'x'] } }, /^accountFilter\.modes\[1\]: must be one of/],
    ['/mj/submit/imagine', [], /^body: must be object$/],
    ['/mj/submit/imagine', `{"prompt":${'['.repeat(100)}${']'.repeat(100)}}`, /^body: is nested too deeply \(at most 64 levels\)$/],
    ['/mj/submit/imagine', '{"prompt":', /^The request body is not valid JSON$/],
    ['/mj/submit/change', { taskId: '1', action: 'UPSCALE', index: '1e999' }, /^index: must be a finite number$/],
    ['/mj/submit/blend', { base64Array: [PNG_DATA_URL] }, /^base64Array: needs at least 2 items$/],
    ['/mj/submit/blend', { base64Array: [PNG_DATA_URL, PNG_DATA_URL], dimensions: 'ROUND' }, /^dimensions: must be one of/],
    ['/mj/submit/describe', {}, /^base64: is required$/],
    ['/mj/submit/describe', { link: 'not a url' }, /^link: must be an http\(s\) URL$/],
    ['/mj/submit/action', { taskId: '1' }, /^customId: is required$/],
    ['/mj/submit/modal', { taskId: '1', maskBase64: 'bad' }, /^maskBase64: is not a usable image/],
    ['/mj/submit/change', { taskId: '1', action: 'UPSCALE' }, /^index: is required$/],
    ['/mj/submit/change', { taskId: '1', action: 'UPSCALE', index: 5 }, /^index: must be at most 4$/],
    ['/mj/submit/change', { taskId: '1', action: 'ZOOM', index: 1 }, /^action: must be one of UPSCALE/],
    ['/mj/submit/simple-change', { content: '1 U5' }, /^content: must look like/],
    ['/mj/submit/upload-discord-images', { base64Array: [] }, /^base64Array: needs at least 1 items$/],
    ['/mj/insight-face/swap', { sourceBase64: PNG_DATA_URL }, /^targetBase64: is required$/],
    ['/mj/submit/video', { taskId: '1' }, /^index: is required$/],
    ['/mj/submit/video', { prompt: 'move' }, /^image: is required$/],
  ];
  for (const [url, payload, description] of cases) {
    const { status, body } = await post(app, url, payload);
    assert.equal(status, 200, url);
    assert.equal(body.code, 4, `${url} ${JSON.stringify(payload)}`);
    assert.match(String(body.description), description);
    assert.equal(body.result, null);
    assert.deepEqual(body.properties, {});
  }
  assert.equal(tasks.calls.length, 0, 'nothing invalid reaches the service');
});

test('input error descriptions are Chinese by default', async (t) => {
  const { app } = await testApp();
  t.after(() => app.close());
  const { body } = await post(app, '/mj/submit/imagine', { prompt: '' });
  assert.deepEqual(body, { code: 4, description: 'prompt: 不能为空', result: null, properties: {} });
  const noBody = await app.inject({ method: 'POST', url: '/mj/submit/blend' });
  assert.deepEqual(noBody.json(), { code: 4, description: 'base64Array: 不能为空', result: null, properties: {} });
});

test('change and simple-change: REROLL needs no index; numbers are accepted for ids and index', async (t) => {
  const { app, tasks } = await testApp();
  t.after(() => app.close());
  await post(app, '/mj/submit/change', { taskId: 1700000000000123, action: 'reroll' });
  assert.deepEqual(lastRequest(tasks, 'change'), { taskId: '1700000000000123', action: 'REROLL' });
  await post(app, '/mj/submit/change', { taskId: '9', action: 'VARIATION', index: '4' });
  assert.deepEqual(lastRequest(tasks, 'change'), { taskId: '9', action: 'VARIATION', index: 4 });
  await post(app, '/mj/submit/simple-change', { content: '1700000000000123 r', state: 's' });
  assert.deepEqual(lastRequest(tasks, 'change'), { taskId: '1700000000000123', action: 'REROLL', state: 's' });
  await post(app, '/mj/submit/simple-change', { content: '42 u2' });
  assert.deepEqual(lastRequest(tasks, 'change'), { taskId: '42', action: 'UPSCALE', index: 2 });
});

test('imagine accepts the legacy base64 field; upload answers an array result; swap takes filter', async (t) => {
  const urls = ['http://127.0.0.1/a.png'];
  const { app, tasks } = await testApp({
    answers: { uploadImages: async () => ({ code: 1, description: '成功', result: urls, properties: {} }) },
  });
  t.after(() => app.close());
  await post(app, '/mj/submit/imagine', { prompt: 'cat', base64Array: [PNG_DATA_URL], base64: PNG_BASE64 });
  assert.equal((lastRequest(tasks, 'imagine').images as unknown[]).length, 2);
  const tooMany = await post(app, '/mj/submit/imagine', { prompt: 'cat', base64Array: Array(5).fill(PNG_BASE64), base64: PNG_BASE64 });
  assert.equal(tooMany.body.code, 4);

  const { body } = await post(app, '/mj/submit/upload-discord-images', { base64Array: [PNG_DATA_URL], filter: { remark: 'main' } });
  assert.deepEqual(body.result, urls);
  assert.deepEqual(lastRequest(tasks, 'uploadImages').filter, { remark: 'main' });

  await post(app, '/mj/insight-face/swap', { sourceBase64: PNG_DATA_URL, targetBase64: PNG_DATA_URL, filter: { instanceId: 'a' } });
  assert.deepEqual(lastRequest(tasks, 'swapFace').accountFilter, { instanceId: 'a' });
});

test('a service failure on a submit route is HTTP 500 with code 9 and no stack', async (t) => {
  const { app } = await testApp({ answers: { imagine: async () => { throw new Error('secret internals at line 3'); } } });
  t.after(() => app.close());
  const { status, body, raw } = await post(app, '/mj/submit/imagine', { prompt: 'cat' });
  assert.equal(status, 500);
  assert.deepEqual(body, { code: 9, description: '提交失败，系统异常', result: null, properties: {} });
  assert.ok(!raw.includes('internals'));
});

test('with the real decoder, a PNG passes and junk or an oversize image is code 4 naming the field', async (t) => {
  const { app, tasks } = await testApp({ realDecoder: true, server: { imageLimitBytes: 1024 } });
  t.after(() => app.close());
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
  const ok = await post(app, '/mj/submit/describe', { base64: `data:image/png;base64,${png.toString('base64')}` });
  assert.equal(ok.body.code, 1);
  assert.equal((lastRequest(tasks, 'describe').image as { bytes: Buffer }).bytes.length, png.length);
  const junk = await post(app, '/mj/submit/blend', { base64Array: [png.toString('base64'), 'not base64 at all!'] });
  assert.match(String(junk.body.description), /^base64Array\[1\]: 图片无效: /);
  const big = await post(app, '/mj/submit/describe', { base64: Buffer.concat([png, Buffer.alloc(2048)]).toString('base64') });
  assert.equal(big.body.code, 4);
  assert.match(String(big.body.description), /^base64: /);
});
