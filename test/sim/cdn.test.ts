import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { rest } from './raw-client.js';

const LIFETIME_S = 2;
const FILE = { bytes: Buffer.from('pretend png'), filename: 'cat.png', contentType: 'image/png' };

/** Waits until the link's own `ex` has passed (no fixed guess at timing). */
async function untilExpired(url: string): Promise<void> {
  const expires = Number.parseInt(new URL(url).searchParams.get('ex') ?? '0', 16) * 1000;
  await sleep(Math.max(0, expires - Date.now()) + 50);
}

describe('simulated CDN: signed links that expire, Discord\'s refresh endpoint, outages', () => {
  let sim: Simulator;
  let token: string;
  let channelId: string;
  const refresh = (body: unknown) => rest<{ refreshed_urls: { original: string; refreshed: string }[] }>(
    sim.info.apiBaseUrl, token, 'POST', '/attachments/refresh-urls', body);

  before(async () => {
    sim = await startSimulator({ cdnLinkLifetimeSeconds: LIFETIME_S });
    const [account] = sim.info.accounts;
    assert.ok(account);
    ({ userToken: token, channelId } = account);
  });
  after(() => sim.close());

  it('serves a signed link, refuses it unsigned, tampered or expired; a refreshed link works again', async () => {
    const { url, proxy_url: proxyUrl } = sim.world.storeFile(channelId, FILE);
    for (const link of [url, proxyUrl]) assert.equal((await fetch(link)).status, 200, link);
    const unsigned = url.split('?')[0] ?? '';
    const tampered = url.replace(/hm=[0-9a-f]/, (match) => `${match.slice(0, -1)}${match.endsWith('0') ? '1' : '0'}`);
    for (const link of [unsigned, tampered]) {
      const refused = await fetch(link);
      assert.equal(refused.status, 404, link);
      assert.equal(await refused.text(), 'This content is no longer available.');
    }

    await untilExpired(url);
    assert.equal((await fetch(url)).status, 404);
    const unknown = `${sim.info.cdnBaseUrl}/attachments/1/2/none.png?ex=00000001&is=00000000&hm=00&`;
    const answer = await refresh({ attachment_urls: [url, proxyUrl, unknown] });
    assert.equal(answer.status, 200);
    const [fresh, freshProxy, same] = answer.body.refreshed_urls;
    assert.equal(fresh?.original, url);
    assert.ok(fresh && fresh.refreshed !== url && fresh.refreshed.startsWith(unsigned));
    assert.ok(freshProxy && freshProxy.refreshed.startsWith(proxyUrl.split('?')[0] ?? '-'));
    assert.deepEqual(same, { original: unknown, refreshed: unknown });
    for (const link of [fresh.refreshed, freshProxy.refreshed]) {
      const served = await fetch(link);
      assert.equal(served.status, 200);
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), FILE.bytes);
    }
  });

  it('refresh-urls wants a token and a list of at most 50 strings', async () => {
    const anonymous = await rest(sim.info.apiBaseUrl, undefined, 'POST', '/attachments/refresh-urls', { attachment_urls: [] });
    assert.equal(anonymous.status, 401);
    for (const body of [{}, { attachment_urls: 'x' }, { attachment_urls: [1] }, { attachment_urls: Array(51).fill('x') }]) {
      const refused = await refresh(body);
      assert.equal(refused.status, 400, JSON.stringify(body).slice(0, 40));
      assert.equal((refused.body as unknown as { code: number }).code, 50035);
    }
  });

  it('a CDN outage answers every file with the fault status until it ends', async () => {
    const { url, proxy_url: proxyUrl } = sim.world.storeFile(channelId, FILE);
    sim.faults.cdnOutage();
    for (const link of [url, proxyUrl]) assert.equal((await fetch(link)).status, 503);
    sim.faults.endCdnOutage();
    assert.equal((await fetch(url)).status, 200);
  });
});
