/** Where an image URL may lead: checked at connect time, after DNS and on every redirect. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import {
  decodeImageInput, fetchPolicy, ImageInputError, isPublicAddress, PUBLIC_ONLY, type FetchPolicy,
} from '../../src/images/index.js';
import type { Resolver } from '../../src/images/address-guard.js';

const MAX_BYTES = 64 * 1024;
const SLOW_DEADLINE_MS = 500;
/** The bound is checked, not the exact time. */
const SLACK_MS = 4_000;
const TRICKLE_MS = 100;

let png = Buffer.alloc(0);
/** `trusted` stands for the Discord CDN; `inner` for a service on the internal network. */
const hosts: { trusted?: Server; inner?: Server } = {};
const seenByInner: string[] = [];
let trustedBase = '';
let innerBase = '';
let innerPort = 0;

function trustedRoutes(path: string, res: ServerResponse): void {
  const hop = /^\/hop(\d)$/.exec(path);
  if (path === '/cat.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
  else if (path === '/to-inner') res.writeHead(302, { location: `${innerBase}/cat.png` }).end();
  else if (path === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
  else if (hop) res.writeHead(302, { location: Number(hop[1]) > 1 ? `/hop${Number(hop[1]) - 1}` : '/cat.png' }).end();
  else if (path === '/declared-huge') res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(MAX_BYTES * 10) }).end();
  else if (path === '/slow') {
    // Headers at once, then a byte now and then: only a whole-fetch deadline ends it.
    res.writeHead(200, { 'content-type': 'image/png' });
    const timer = setInterval(() => res.write(Buffer.from([0])), TRICKLE_MS);
    res.on('close', () => clearInterval(timer));
  } else res.writeHead(404).end();
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

before(async () => {
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#aa3300' } }).png().toBuffer();
  hosts.trusted = createServer((req, res) => trustedRoutes(req.url ?? '', res));
  hosts.inner = createServer((req, res) => {
    seenByInner.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end(png);
  });
  trustedBase = `http://127.0.0.1:${await listen(hosts.trusted)}`;
  innerPort = await listen(hosts.inner);
  innerBase = `http://127.0.0.1:${innerPort}`;
});

after(async () => {
  for (const server of Object.values(hosts)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const withTrusted = (resolve?: Resolver): FetchPolicy => fetchPolicy(false, [trustedBase], resolve);

async function refusedAs(url: string, policy: FetchPolicy, message: RegExp, deadlineMs?: number): Promise<string> {
  let description = '';
  await assert.rejects(decodeImageInput(url, { maxBytes: MAX_BYTES, fetchPolicy: policy, fetchTimeoutMs: deadlineMs }), (error: unknown) => {
    assert.ok(error instanceof ImageInputError, String(error));
    assert.match(error.message, message);
    description = error.message;
    return true;
  });
  return description;
}

const NOT_PUBLIC = /does not lead to a reachable public internet address/;

test('only public unicast addresses count as public; mapped, embedded and metadata forms do not', () => {
  for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
    assert.equal(isPublicAddress(address), true, address);
  }
  const inner = [
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '100.100.100.200',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.0.192', '198.18.0.1', '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '2002:7f00:1::', 'ff02::1', 'not an address', '',
  ];
  for (const address of inner) assert.equal(isPublicAddress(address), false, address);
});

test('by default loopback, private, link-local and metadata URLs are refused before any connection', async () => {
  const urls = [
    `${innerBase}/cat.png`, `http://[::ffff:127.0.0.1]:${innerPort}/cat.png`, `http://[::1]:${innerPort}/cat.png`,
    `http://2130706433:${innerPort}/cat.png`, `http://0x7f.1:${innerPort}/cat.png`, 'http://10.0.0.1/cat.png', 'http://192.168.0.1/cat.png',
    'http://169.254.169.254/latest/meta-data/', 'http://100.100.100.200/latest/meta-data/', 'http://[fd00:ec2::254]/latest/meta-data/',
    'http://0.0.0.0/cat.png',
  ];
  for (const url of urls) await refusedAs(url, PUBLIC_ONLY, NOT_PUBLIC);
  assert.deepEqual(seenByInner, []);
});

test('a name resolving inward is refused, and the answer names no address', async () => {
  const description = await refusedAs(`http://localhost:${innerPort}/cat.png`, PUBLIC_ONLY, NOT_PUBLIC);
  assert.doesNotMatch(description, /127\.0\.0\.1|::1/);
  const resolver = (answers: string[]): Resolver => (_hostname, _options, callback) => {
    callback(null, answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  for (const answers of [['127.0.0.1'], ['10.1.2.3'], ['93.184.216.34', '192.168.1.9'], ['169.254.169.254']]) {
    const text = await refusedAs(`http://images.example:${innerPort}/cat.png`, withTrusted(resolver(answers)), NOT_PUBLIC);
    assert.ok(!answers.some((address) => text.includes(address)), text);
  }
  const unknown = await refusedAs(`http://images.example:${innerPort}/cat.png`, withTrusted((_h, _o, callback) => {
    callback(Object.assign(new Error('getaddrinfo ENOTFOUND images.example'), { code: 'ENOTFOUND' }), []);
  }), NOT_PUBLIC);
  assert.doesNotMatch(unknown, /ENOTFOUND|getaddrinfo/);
  assert.deepEqual(seenByInner, []);
});

test('redirects are checked hop by hop: inward or to another scheme refused, at most 3 followed', async () => {
  await refusedAs(`${trustedBase}/to-inner`, withTrusted(), NOT_PUBLIC);
  assert.deepEqual(seenByInner, []);
  await refusedAs(`${trustedBase}/to-file`, withTrusted(), /could not download/);
  assert.deepEqual((await decodeImageInput(`${trustedBase}/hop3`, { maxBytes: MAX_BYTES, fetchPolicy: withTrusted() })).bytes, png);
  await refusedAs(`${trustedBase}/hop4`, withTrusted(), /more than 3 redirects/);
});

test('the configured endpoints are always allowed; allowPrivateNetworks opens the rest', async () => {
  assert.deepEqual((await decodeImageInput(`${trustedBase}/cat.png`, { maxBytes: MAX_BYTES, fetchPolicy: withTrusted() })).bytes, png);
  // Trust is per origin: the same host on another port is not trusted.
  await refusedAs(`${innerBase}/cat.png`, withTrusted(), NOT_PUBLIC);
  const open = fetchPolicy(true, []);
  assert.deepEqual((await decodeImageInput(`${innerBase}/cat.png`, { maxBytes: MAX_BYTES, fetchPolicy: open })).bytes, png);
  assert.deepEqual(seenByInner, ['/cat.png']);
});

test('a slow host meets the whole-fetch deadline; a declared oversize body is refused unread', async () => {
  const started = Date.now();
  await refusedAs(`${trustedBase}/slow`, withTrusted(), /no complete answer within 0\.5 s/, SLOW_DEADLINE_MS);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= SLOW_DEADLINE_MS && elapsed < SLOW_DEADLINE_MS + SLACK_MS, `took ${elapsed} ms`);
  await refusedAs(`${trustedBase}/declared-huge`, withTrusted(), /larger than 65536 bytes/);
});
