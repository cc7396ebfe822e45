import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureWebBuild } from '../../../../scripts/ensure-web-build.ts';
import { openEmbeddedDatabase } from '../../../server/src/db/connection.ts';
import { testPassword } from '../../../server/src/testing/clinic.ts';
import { startTestServer } from '../../../server/src/testing/test-server.ts';

/** Flags for Chromium in a sandboxed machine with no outside network. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Asking "who is signed in?" while signed out is answered 401 by design.
const alwaysExpectedFailures = ['/api/auth/me'];

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * A built web app served by a real server on an in-memory database, and Debian's Chromium to
 * drive it. `open` gives a fresh browser profile per page and collects script and console
 * errors, which `problems()` returns for the test to expect none of.
 */
export interface BrowserSession {
  server: TestServer;
  open(
    path: string,
    options?: { locale?: string; expectedFailures?: string[]; cookies?: { name: string; value: string }[] },
  ): Promise<Page>;
  /** Another tab in the profile `open` made (a link from an email opened beside the app). */
  openTab(expectedFailures?: string[]): Promise<Page>;
  /**
   * A page in a second, separate browser profile (another person on another computer: a
   * patient in the chat while an agent works the desk). Closed with the first one.
   */
  openElsewhere(path: string, options?: { expectedFailures?: string[] }): Promise<Page>;
  problems(): string[];
  closePage(): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserSession(): Promise<BrowserSession> {
  await ensureWebBuild();
  const database = await openEmbeddedDatabase({});
  const server = await startTestServer(database, { listen: true });
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: chromiumFlags,
  });
  let context: BrowserContext | undefined;
  let otherContext: BrowserContext | undefined;
  let problems: string[] = [];
  /** Collects a page's script errors, and console errors other than the API failures provoked on purpose. */
  const watch = (page: Page, expectedFailures: string[] = []) => {
    const expected = [...alwaysExpectedFailures, ...expectedFailures];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // A refused websocket names its own address in the text, not in the location.
      const refusedSocket = /^WebSocket connection to '([^']+)' failed/.exec(message.text())?.[1];
      const failedPath = new URL(refusedSocket ?? (message.location().url || server.address)).pathname;
      const provoked =
        (refusedSocket !== undefined || message.text().startsWith('Failed to load resource')) &&
        expected.some((path) => failedPath === path || failedPath.startsWith(`${path}/`));
      if (!provoked) problems.push(`console: ${message.text()} (${message.location().url})`);
    });
  };
  return {
    server,
    async open(path, options = {}) {
      await context?.close();
      context = await browser.newContext({ locale: options.locale ?? 'en-US', acceptDownloads: true });
      if (options.cookies) {
        const { hostname } = new URL(server.address);
        await context.addCookies(
          options.cookies.map((cookie) => ({ ...cookie, domain: hostname, path: '/' })),
        );
      }
      problems = [];
      const page = await context.newPage();
      watch(page, options.expectedFailures);
      await page.goto(`${server.address}${path}`);
      return page;
    },
    async openTab(expectedFailures) {
      if (!context) throw new Error('open a page first; a tab opens beside it');
      const page = await context.newPage();
      watch(page, expectedFailures);
      return page;
    },
    async openElsewhere(path, options = {}) {
      await otherContext?.close();
      otherContext = await browser.newContext({ locale: 'en-US' });
      const page = await otherContext.newPage();
      watch(page, options.expectedFailures);
      await page.goto(`${server.address}${path}`);
      return page;
    },
    problems: () => problems,
    async closePage() {
      await context?.close();
      await otherContext?.close();
      context = undefined;
      otherContext = undefined;
    },
    async close() {
      await context?.close();
      await otherContext?.close();
      await browser.close();
      await server.close();
      await server.database.close();
    },
  };
}

/** Runs axe-core's WCAG 2.1 A/AA and best-practice rules (contrast, labels, headings, landmarks). */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    });
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations).toEqual([]);
}

/** Signs in on the staff sign-in page that any staff address shows while signed out. */
export async function signInAsStaff(page: Page, email: string): Promise<void> {
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel(/^Password/).fill(testPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
