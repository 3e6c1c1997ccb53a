/**
 * The admin UI's pages in Chromium against the whole service in demo mode, with an API and an admin
 * secret set: signing in, finding and cancelling tasks, the live dashboard, languages, themes, phones.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestService, type TestService } from '../e2e/harness.js';
import type { Task } from '../../src/tasks/task.js';
import { eventually, imageLoaded, launchChromium, openUi, PHONE_VIEWPORT, screenshot, signIn } from './browser.js';

const SECRET = 'pages-admin-secret';
const AUTH = { 'mj-api-secret': SECRET };
const HOLD_MS = 120_000;
const RELEASE_MS = 1;

let svc: TestService;
let browser: Browser;

before(async () => {
  svc = await startTestService({ server: { apiSecret: SECRET, adminSecret: SECRET }, demo: { jobSeconds: 0.5 } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await svc?.close();
});

async function imagine(prompt: string): Promise<string> {
  const { body } = await svc.call<{ code: number; result: string }>('POST', '/mj/submit/imagine', { prompt }, AUTH);
  assert.equal(body.code, 1);
  return body.result;
}
const fetchTask = async (id: string) => (await svc.call<Task>('GET', `/mj/task/${id}/fetch`, undefined, AUTH)).body;
const waitDone = (id: string) => eventually(`task ${id} done`, async () => (await fetchTask(id)).status === 'SUCCESS');

test('sign in: read-only and saying how to set the secret until signed in; a wrong secret refused; kept by the tab', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/console`);
  const banner = page.getByRole('status').filter({ hasText: 'Read-only.' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /MJ_SERVER_ADMIN_SECRET/);
  await page.getByRole('note').filter({ hasText: 'server.adminSecret' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Imagine', exact: true }).count(), 0, 'no drawing while read-only');
  await screenshot(page, 'read-only');

  await page.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in' });
  await dialog.getByLabel('Admin secret').fill('not-the-secret');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.getByRole('alert').waitFor();
  await screenshot(page, 'login-refused');
  await dialog.getByLabel('Admin secret').fill(SECRET);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.equal(await banner.count(), 0);
  await page.getByRole('button', { name: 'Imagine', exact: true }).waitFor();

  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await banner.waitFor();
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('tasks: find one by id and one by prompt text (POST /mj/task-admin/query); see its image and raw JSON; cancel a running one', async () => {
  const doneId = await imagine('a quiet harbour at noon');
  await waitDone(doneId);
  // With the account's gateway events held, the next task stays unfinished for as long as the test needs.
  svc.sim.faults.holdDispatches(HOLD_MS);
  try {
    const stuckId = await imagine('a windmill that never stops');
    const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/admin/#/tasks`);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await signIn(page, SECRET);
    const search = page.getByRole('search', { name: 'Search tasks' });
    await search.getByRole('textbox', { name: 'Task id' }).fill(doneId);
    const searched = page.waitForResponse((response) => new URL(response.url()).pathname === '/mj/task-admin/query' && response.status() === 200);
    await search.getByRole('button', { name: 'Search' }).click();
    await searched;
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByRole('link', { name: doneId }).click();
    await page.getByRole('heading', { name: `Task ${doneId}` }).waitFor();
    const card = page.getByRole('article', { name: `Task ${doneId}` });
    await eventually('the grid image', () => imageLoaded(card.getByRole('img', { name: 'Result image' })));
    await card.getByText('Raw JSON').click();
    assert.match(await card.locator('details pre').innerText(), new RegExp(`"id": "${doneId}"`));
    await screenshot(page, 'task-detail-found');

    await page.getByRole('link', { name: 'All tasks' }).click();
    await search.getByRole('textbox', { name: 'Prompt contains' }).fill('WINDMILL');
    await search.getByRole('button', { name: 'Search' }).click();
    await results.getByRole('link', { name: stuckId }).waitFor();
    assert.equal(await results.getByRole('link', { name: doneId }).count(), 0, 'only the matching task');
    await screenshot(page, 'tasks-search');
    await results.getByRole('link', { name: stuckId }).click();
    const stuck = page.getByRole('article', { name: `Task ${stuckId}` });
    await stuck.waitFor();
    await page.getByRole('button', { name: 'Cancel task' }).click();
    await page.getByRole('dialog', { name: 'Cancel task' }).getByRole('button', { name: 'Cancel task' }).click();
    await eventually('CANCEL shown', async () => (await stuck.getAttribute('data-status')) === 'CANCEL');
    assert.equal((await fetchTask(stuckId)).status, 'CANCEL');
    assert.ok(!asked.includes('/mj/task/list'), 'the search is the admin route, never a scan of the recent list');
    await screenshot(page, 'task-cancelled');
    assert.deepEqual(pageErrors, []);
    await context.close();
  } finally {
    svc.sim.faults.holdDispatches(RELEASE_MS);
  }
});

/** The number shown for `key` in the dashboard card named `card` (0 when not listed). */
async function shownCount(page: Page, card: string, key: string): Promise<number> {
  const entry = page.getByRole('region', { name: card }).locator('dl > div').filter({ has: page.getByText(key, { exact: true }) });
  return (await entry.count()) === 0 ? 0 : Number(await entry.locator('dd').innerText());
}

test('dashboard: accounts up and today’s draws, updated live without a reload', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/`);
  await signIn(page, SECRET);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await eventually('one account up', async () => (await shownCount(page, 'Accounts', 'Up')) === 1);
  const load = page.getByRole('region', { name: 'Load per account' });
  await load.getByRole('cell', { name: 'demo' }).waitFor();
  const before = await shownCount(page, 'Today by action', 'IMAGINE');
  await waitDone(await imagine('a dashboard test'));
  await eventually('the new draw counted', async () => (await shownCount(page, 'Today by action', 'IMAGINE')) === before + 1);
  await screenshot(page, 'dashboard');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('Chinese by default for a Chinese browser, English on request; a dark theme', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/`, { locale: 'zh-CN' });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '仪表盘' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await screenshot(page, 'dashboard-zh');
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).waitFor();
  await page.reload();
  await page.getByRole('link', { name: 'Dashboard' }).waitFor();

  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await signIn(page, SECRET);
  await page.goto(`${svc.service.url}/#/console`);
  await page.getByRole('tab', { name: 'Imagine' }).waitFor();
  await screenshot(page, 'console-dark');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('every page on a phone-sized screen: nothing wider than the screen; screenshots of each', async () => {
  const pages: [string, string][] = [
    ['dashboard', 'Dashboard'], ['accounts', 'Accounts'], ['tasks', 'Tasks'], ['console', 'Drawing console'], ['settings', 'Settings'],
  ];
  for (const [viewport, prefix] of [[PHONE_VIEWPORT, 'phone'], [undefined, 'desktop']] as const) {
    const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/`, viewport ? { viewport } : {});
    await signIn(page, SECRET);
    for (const [hash, title] of pages) {
      await page.goto(`${svc.service.url}/#/${hash}`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `${prefix}-${hash}`);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(Number(overflow) <= 0, `${hash} is ${String(overflow)} px wider than the ${prefix} screen`);
    }
    assert.deepEqual(pageErrors, []);
    await context.close();
  }
});
