/**
 * The Accounts page on the account admin API of docs/admin-api.md: adding a simulated account, and the
 * read-only state without an admin secret. (The Settings part runs in settings.test.ts.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startTestService, type TestService } from '../e2e/harness.js';
import { eventually, launchChromium, openUi, screenshot, signIn } from './browser.js';

const ADMIN_SECRET = 'admin-api-secret';
const ADMIN = { 'mj-api-secret': ADMIN_SECRET };

let sim: Simulator;
let svc: TestService;
let browser: Browser;

before(async () => {
  // Two simulated Discord accounts; the service is configured with the first, the test adds the second.
  sim = await startSimulator({ accounts: 2, jobSeconds: 0.5 });
  const [first] = sim.info.accounts;
  assert.ok(first);
  svc = await startTestService({
    server: { adminSecret: ADMIN_SECRET },
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    accounts: [{ guildId: first.guildId, channelId: first.channelId, userToken: first.userToken, dmChannelId: first.dmChannelId, remark: 'first' }],
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await svc?.close();
  await sim?.close();
});

test('accounts: add a simulated account; it connects, with its token masked', async () => {
  const second = sim.info.accounts[1];
  assert.ok(second);
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/accounts`);
  await signIn(page, ADMIN_SECRET);
  await page.getByRole('article', { name: 'Account first' }).waitFor();
  await page.getByRole('button', { name: 'Add account' }).click();
  const form = page.getByRole('dialog', { name: 'Add account' });
  await form.getByRole('textbox', { name: /^Channel id/ }).fill(second.channelId);
  await form.getByRole('textbox', { name: /^Guild id/ }).fill(second.guildId);
  await form.getByLabel(/^User token/).fill(second.userToken);
  await form.getByRole('textbox', { name: /^DM channel id/ }).fill(second.dmChannelId);
  await form.getByRole('textbox', { name: /^Remark/ }).fill('second');
  await screenshot(page, 'account-add');
  await form.getByRole('button', { name: 'Save' }).click();

  const card = page.getByRole('article', { name: 'Account second' });
  await eventually('the new account ready', async () => (await card.getByText('ready', { exact: true }).count()) > 0);
  const { body } = await svc.call<{ channelId: string; userToken: string }[]>('GET', '/mj/account/list', undefined, ADMIN);
  const listed = body.find((account) => account.channelId === second.channelId);
  assert.ok(listed, 'the account API lists it');
  assert.notEqual(listed.userToken, second.userToken, 'the token is masked');
  assert.ok(!(await page.content()).includes(second.userToken), 'the page never shows the token');
  await screenshot(page, 'accounts-added');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('no admin secret on the server: the UI says so and how to set one, and offers no change', async () => {
  const open = await startTestService({ demo: { jobSeconds: 0.5 } });
  try {
    const { page, context } = await openUi(browser, `${open.service.url}/#/accounts`);
    const banner = page.getByRole('status').filter({ hasText: 'This server has no admin secret' });
    await banner.waitFor();
    assert.match(await banner.innerText(), /server\.adminSecret/);
    assert.ok(await page.getByRole('button', { name: 'Add account' }).isDisabled());
    await context.close();
  } finally {
    await open.close();
  }
});
