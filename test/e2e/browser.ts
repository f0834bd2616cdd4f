// Headless Chromium from Debian's package, driven by playwright-core (which downloads no browser).
// Each launch gets a fresh profile folder, removed again on close.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const SKIP_REASON = `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install it with \`apt-get install -y chromium\`; .ci/run does so when it is missing)`;

/** Where each test leaves its screenshot (gitignored). */
export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../test-results');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'explorer-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What went wrong in a page: script errors, console errors, and requests that failed or left the origin. */
export interface PageProblems {
  errors: string[];
  foreignRequests: string[];
}

export function watchPage(page: Page, origin: string): PageProblems {
  const problems: PageProblems = { errors: [], foreignRequests: [] };
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('request', (request) => {
    const url = request.url();
    // Same origin only; GraphiQL's editor starts its workers from blob: URLs of this origin.
    const local = url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`) || url.startsWith('data:');
    if (!local) problems.foreignRequests.push(url);
  });
  return problems;
}

/** A screenshot of the whole page, the viewport (fullPage: false), or one element (selector). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; selector?: string } = {}) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  if (options.selector) await page.locator(options.selector).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}
