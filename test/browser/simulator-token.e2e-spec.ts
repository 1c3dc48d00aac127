import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SIMULATOR_FOREIGN_HOST, SIMULATOR_TOKEN_NEEDED } from '../../src/common/errors/error-messages.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';

/**
 * The simulator page behind SIMULATOR_TOKEN, in Debian's Chromium: SIMULATOR=on in production, opened under a
 * host name that is not loopback (Chromium resolves it to 127.0.0.1, as a DNS-rebinding page or a tunnel would).
 * Proves the cookie from `/simulator?token=` carries the page's own calls: the API and the event stream.
 */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FOREIGN_NAME = 'bot.rebind.example';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--host-resolver-rules=MAP ${FOREIGN_NAME} 127.0.0.1`,
];
const STEP_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 60_000;
const TOKEN = 'browser-simulator-token-0123456789abcdef';
const ADA = '15550100001';

// The main browser suite says once why browser tests are skipped (or fails in CI) when Chromium is missing.
(existsSync(CHROMIUM_PATH) ? describe : describe.skip)(
  'Simulator page behind SIMULATOR_TOKEN in Chromium (browser e2e)',
  () => {
    let userDataDir: string;
    let browser: BrowserContext;
    let server: TestApp;
    let page: Page;
    let base: string;

    beforeAll(async () => {
      userDataDir = mkdtempSync(join(tmpdir(), 'simulator-token-chromium-'));
      browser = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 30_000,
      });
      server = await startTestApp({
        NODE_ENV: 'production',
        SIMULATOR: 'on',
        SIMULATOR_TOKEN: TOKEN,
        WP_ACCESS_TOKEN: 'token',
        WP_PHONE_ID: '106540352242922',
        WP_APP_SECRET: 'app-secret',
        WP_VERIFY_TOKEN: 'verify',
        // Nothing listens there: only simulated users are answered, by the simulated Graph.
        GRAPH_API_URL: 'http://127.0.0.1:9',
      });
      base = `http://${FOREIGN_NAME}:${new URL(server.url).port}`;
      page = await browser.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
    }, TEST_TIMEOUT_MS);

    afterAll(async () => {
      await page?.close();
      await browser?.close();
      await server?.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    });

    it(
      'refuses the page without the token, then works everywhere once /simulator?token= set the cookie',
      async () => {
        const refused = await page.goto(`${base}/simulator`);
        expect(refused?.status()).toBe(403);
        expect(await page.textContent('body')).toContain(SIMULATOR_FOREIGN_HOST());
        const local = await page.goto(`${server.url}/simulator`);
        expect(local?.status()).toBe(401);
        expect(await page.textContent('body')).toContain(SIMULATOR_TOKEN_NEEDED());

        const opened = await page.goto(`${base}/simulator?token=${TOKEN}`);
        expect(opened?.status()).toBe(200);
        // The token left the address bar; the cookie is out of the page's reach.
        expect(page.url()).toBe(`${base}/simulator`);
        expect(await page.evaluate('document.cookie')).toBe('');

        // Users come from the API, replies from the event stream: both carried by the cookie alone.
        await page.getByLabel('Simulated user', { exact: true }).selectOption(ADA);
        await page.getByLabel('Type a message').fill('hi');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await page.locator('#messages .row[data-kind="bot"]', { hasText: 'What would you like to do?' }).waitFor();
      },
      TEST_TIMEOUT_MS,
    );
  },
);
