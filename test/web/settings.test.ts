/**
 * The Settings page in Chromium against the runtime configuration API: a setting changed in the
 * page is applied at once (a banned word refuses the next drawing), says where it came from, and a
 * credential is never shown in clear.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestService, type TestService } from '../e2e/harness.js';
import { eventually, launchChromium, openUi, screenshot, signIn } from './browser.js';

const ADMIN_SECRET = 'settings-admin-secret';
const ADMIN = { 'mj-api-secret': ADMIN_SECRET };
const GPT_KEY = 'sk-settings-page-0123456789abcdef';

let svc: TestService;
let browser: Browser;

before(async () => {
  svc = await startTestService({ server: { adminSecret: ADMIN_SECRET }, demo: { jobSeconds: 0.5 }, translate: { gpt: { apiKey: GPT_KEY } } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await svc?.close();
});

test('settings: a banned word and the selection rule changed in the page apply at once', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/settings`);
  await signIn(page, ADMIN_SECRET);
  const words = page.getByRole('textbox', { name: /^Banned words, one per line/ });
  await words.fill(`${await words.inputValue()}\nzebracorn`);
  await page.getByRole('button', { name: 'Save banned words' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor();

  await page.getByRole('combobox', { name: 'accountSelection' }).selectOption('round-robin');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await eventually('saved', async () => (await page.getByRole('status').filter({ hasText: 'Saved.' }).count()) > 0);
  const rule = page.locator('.config-field').filter({ has: page.getByRole('combobox', { name: 'accountSelection' }) });
  await rule.getByText('store', { exact: true }).waitFor();
  await screenshot(page, 'settings-changed');
  const { body } = await svc.call<{ result: { config: { accountSelection: string }; sources: Record<string, string> } }>('GET', '/mj/admin/config', undefined, ADMIN);
  assert.equal(body.result.config.accountSelection, 'round-robin');
  assert.equal(body.result.sources.accountSelection, 'store');

  // The banned word is refused by the next drawing, from the console.
  await page.goto(`${svc.service.url}/#/console`);
  await page.getByRole('textbox', { name: /^Prompt/ }).fill('a zebracorn in the snow');
  await page.getByRole('button', { name: 'Imagine', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: /zebracorn|违禁|banned/i }).waitFor();
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('settings: credentials masked, the keys that need a restart marked, a refused value named', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/settings`);
  await signIn(page, ADMIN_SECRET);
  const key = page.getByRole('textbox', { name: 'translate.gpt.apiKey' });
  assert.equal(await key.inputValue(), 'sk-…def');
  assert.ok(!(await page.content()).includes(GPT_KEY), 'the page never holds the key');
  const store = page.locator('.config-field').filter({ has: page.getByRole('combobox', { name: 'images.store' }) });
  await store.getByText('applies after restart').waitFor();

  await page.getByRole('spinbutton', { name: 'notify.concurrency' }).fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('alert').filter({ hasText: 'notify.concurrency' }).waitFor();
  await screenshot(page, 'settings-refused');
  const { body } = await svc.call<{ result: { config: { notify: { concurrency: number } } } }>('GET', '/mj/admin/config', undefined, ADMIN);
  assert.equal(body.result.config.notify.concurrency, 10, 'nothing applied');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
