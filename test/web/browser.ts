/**
 * Debian's Chromium driven by playwright-core, for the admin UI tests. A missing browser or a stale
 * UI build fails the test loudly: these tests never skip.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** As root in a container: no sandbox; no GPU; and no calls home, which this machine's network refuses. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const WEB = 'web';
const WEB_DIST_INDEX = join(WEB, 'dist', 'index.html');
const ARTIFACTS = join('test-artifacts', 'web');
export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const DESKTOP_VIEWPORT = { width: 1280, height: 900 };

function newestSourceTime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSourceTime(join(path, name))));
}

/** The UI the service serves must be built from the sources under test. */
export function assertUiBuilt(): void {
  if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` (npm test does)`);
  const sources = Math.max(...['src', 'index.html', 'vite.config.ts'].map((name) => newestSourceTime(join(WEB, name))));
  if (statSync(WEB_DIST_INDEX).mtimeMs < sources) throw new Error('web/dist is older than web/src: run `npm run build:web` (npm test does)');
}

/** Playwright gives every launch a fresh, empty profile (its own temporary --user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  }
  assertUiBuilt();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface UiPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page's scripts; a test ends by asserting there were none. */
  pageErrors: Error[];
}

export async function openUi(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<UiPage> {
  const context = await browser.newContext({ locale: 'en-US', viewport: DESKTOP_VIEWPORT, ...options });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(url);
  return { context, page, pageErrors };
}

/** A full-page screenshot kept as a test artifact (test-artifacts/web/<name>.png, git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const EVENTUALLY_TIMEOUT_MS = 30_000;
const EVENTUALLY_STEP_MS = 100;

/** Re-checks `check` until it returns a truthy value (returned) or the time is up (throws `what`). */
export async function eventually<T>(what: string, check: () => Promise<T>, timeoutMs = EVENTUALLY_TIMEOUT_MS): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`not in time: ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, EVENTUALLY_STEP_MS));
  }
}

/** Signs in through the header's button and the dialog, as an operator does. */
export async function signIn(page: Page, secret: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in' });
  await dialog.getByLabel('Admin secret').fill(secret);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Whether an <img> has loaded a real picture. */
export async function imageLoaded(image: Locator): Promise<boolean> {
  // Runs in the page; the test's own tsconfig has no DOM types.
  return image.evaluate((node) => {
    const picture = node as unknown as { complete: boolean; naturalWidth: number };
    return picture.complete && picture.naturalWidth > 0;
  });
}
