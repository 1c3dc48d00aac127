import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { MessageTransport } from '../../src/whatsapp/message-transport.port.js';
import { WhatsAppClient } from '../../src/whatsapp/whatsapp.client.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { OpenAiMock } from '../../src/testing/mocks/openai.mock-server.js';

/**
 * The simulator page driven in Debian's Chromium by playwright-core (Playwright's own browser download cannot run
 * here). The app runs in-process in local mode (no WP_ACCESS_TOKEN), with a mock OpenAI for the AI chat.
 */

/** Debian's package; CHROMIUM_PATH points elsewhere (e.g. to check the skip message). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOT_PATH = fileURLToPath(new URL('../../docs/simulator.png', import.meta.url));
/** Browser steps wait on the bot; each wait is bounded well below the test timeout. */
const STEP_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 60_000;

const ADA = '15550100001';
const ALAN = '15550100002';

const hasChromium = existsSync(CHROMIUM_PATH);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
if (!hasChromium && !inCi) {
  // One line, so a developer without Chromium sees why these tests did not run and how to run them.
  process.stderr.write(
    `Browser tests skipped: ${CHROMIUM_PATH} not found. Install it with: apt-get install -y chromium\n`,
  );
}

if (!hasChromium && inCi) {
  describe('Simulator page in Chromium (browser e2e)', () => {
    it('needs Chromium in CI', () => {
      throw new Error(
        `${CHROMIUM_PATH} not found, and CI is set: browser tests must run in CI. Install it with: apt-get install -y chromium`,
      );
    });
  });
}

(hasChromium ? describe : describe.skip)('Simulator page in Chromium (browser e2e)', () => {
  let userDataDir: string;
  let browser: BrowserContext;
  let openai: OpenAiMock;
  let server: TestApp;
  let page: Page;
  /** Requests the page tried to make anywhere but the app: the page must work offline. */
  let external: string[];

  beforeAll(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'simulator-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      timeout: 30_000,
    });
    openai = await new OpenAiMock().start();
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await openai?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    openai.reset();
    server = await startTestApp({
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_MAX_RETRIES: '0',
    });
    external = [];
    page = await browser.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      external.push(url.href);
      return route.abort();
    });
    await page.goto(`${server.url}/simulator`);
    // The page is ready once it loaded the users (after the event stream said `ready`).
    await page.locator('#user-select option').first().waitFor({ state: 'attached' });
  }, TEST_TIMEOUT_MS);

  afterEach(async () => {
    await page?.close();
    await server?.close();
  });

  const messages = () => page.locator('#messages');
  const botRow = (text: string | RegExp) => messages().locator('.row[data-kind="bot"]', { hasText: text }).last();
  const userRow = (text: string | RegExp) => messages().locator('.row[data-kind="user"]', { hasText: text }).last();
  const inspector = () => page.locator('#inspector-entries');

  async function say(text: string): Promise<void> {
    await page.getByLabel('Type a message').fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await userRow(text).waitFor();
  }

  async function tap(title: string): Promise<void> {
    await messages().getByRole('button', { name: title, exact: true }).last().click();
    await userRow(title).waitFor();
  }

  async function asUser(waId: string): Promise<void> {
    await page.getByLabel('Simulated user', { exact: true }).selectOption(waId);
  }

  async function text(locator: Locator): Promise<string> {
    return (await locator.textContent()) ?? '';
  }

  it(
    'registers through the page: hi, Register, name, email, city, Confirm, welcome',
    async () => {
      await asUser(ADA);
      await say('hi');
      await botRow('What would you like to do?').waitFor();
      await tap('Register');
      // WhatsApp formatting: "*full name*" is bold.
      await botRow('full name').locator('strong', { hasText: 'full name' }).waitFor();
      await say('Ada Lovelace');
      await botRow('email address').waitFor();
      await say('ada@example.org');
      await botRow('which city').waitFor();
      await say('London');
      await botRow('Please check your details').waitFor();
      await tap('Confirm');
      await botRow('Welcome, Ada!').waitFor();

      // Every message the user sent was marked read by the bot: blue ticks.
      await page.waitForFunction(`(() => {
        const ticks = [...document.querySelectorAll('.row[data-kind="user"] .ticks')];
        return ticks.length === 6 && ticks.every((tick) => tick.dataset.status === 'read');
      })()`);
      expect(await messages().getByRole('img', { name: 'Read' }).count()).toBe(6);

      // The inspector shows the webhook of the tapped Confirm button.
      await userRow('Confirm').click();
      const card = inspector().locator('.inspect-card.highlight');
      expect(await text(card)).toContain('"button_reply"');
      await page.waitForTimeout(400); // let the smooth scroll settle before the picture
      mkdirSync(join(SCREENSHOT_PATH, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT_PATH });
      expect(external).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'opens a list, picks a row, and the AI chat answers with a typing indicator meanwhile',
    async () => {
      await page.getByRole('button', { name: 'Add a simulated user' }).click();
      await page.getByLabel('Profile name').fill('Grace Hopper');
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.locator('.user-item[aria-current="true"]', { hasText: 'Grace Hopper' }).waitFor();
      const grace = await page.getByLabel('Simulated user', { exact: true }).inputValue();
      expect(grace).toMatch(/^1555\d{7}$/);
      // Grace writes first: like Meta, the simulated Graph refuses free-form messages outside the 24-hour window.
      await say('hi');
      await botRow('What would you like to do?').waitFor();

      // The built-in menu has two options (reply buttons); a list comes from the bot's client, as a flow would send it.
      await server.app.get(WhatsAppClient).sendList(grace, {
        body: 'What would you like to do?',
        buttonLabel: 'Options',
        footer: 'Pick one',
        sections: [
          {
            title: 'Menu',
            rows: [
              { id: 'menu:register', title: 'Register', description: 'Sign up with your name, email and city' },
              { id: 'menu:ai-chat', title: 'AI chat', description: 'Ask our AI assistant anything' },
            ],
          },
        ],
      });
      await botRow('What would you like to do?').getByRole('button', { name: 'Options' }).click();
      const list = page.getByRole('dialog', { name: 'Options' });
      await list.waitFor();
      await list.getByLabel(/AI chat/).check();
      await list.getByRole('button', { name: 'Send' }).click();
      await userRow('AI chat').waitFor();
      await botRow('AI assistant').waitFor();

      openai.delayWith(() => 1500);
      await say('What is a compiler?');
      await page.locator('#typing-row').waitFor({ state: 'visible' });
      expect(await text(page.locator('#chat-status'))).toBe('typing…');
      await botRow('Echo: What is a compiler?').waitFor();
      await page.locator('#typing-row').waitFor({ state: 'hidden' });
      expect(await text(page.locator('#chat-status'))).toBe('online');

      const webhooks = await inspector().locator('.inspect-card[data-kind="webhook"]').allTextContents();
      expect(webhooks.some((webhook) => webhook.includes('"list_reply"') && webhook.includes('"menu:ai-chat"'))).toBe(
        true,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'adds a username-only user through the form, who chats under their @username with 2026 webhooks',
    async () => {
      await page.getByRole('button', { name: 'Add a simulated user' }).click();
      await page.getByLabel('Profile name').fill('Ada Codes');
      await page.getByLabel('Username only (no phone number)').check();
      expect(await page.getByLabel('WhatsApp id').isVisible()).toBe(false);
      await page.getByLabel('Username', { exact: true }).fill('ada.codes');
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('button', { name: 'Chat as Ada Codes (@ada.codes)' }).waitFor();
      const picked = page.getByLabel('Simulated user', { exact: true });
      expect(await picked.inputValue()).toMatch(/^US\.\d{20}$/);
      expect(await text(picked.locator('option:checked'))).toBe('Ada Codes · @ada.codes');

      await say('hi');
      await botRow('Hi Ada Codes! 👋 What would you like to do?').waitFor();
      expect(await text(userRow('hi').locator('.sender'))).toBe('@ada.codes');

      // The inspector names the username, and the webhook carries the BSUID and the username, no phone number.
      const webhook = inspector().locator('.inspect-card[data-kind="webhook"]').last();
      expect(await text(webhook.locator('.tag.username'))).toBe('@ada.codes');
      const json = await text(webhook.locator('pre.json'));
      expect(json).toContain('"from_user_id"');
      expect(json).toContain('"username": "ada.codes"');
      expect(json).not.toMatch(/"from"|"wa_id"/);
      const reply = inspector().locator('.inspect-card[data-kind="graph"]', { hasText: 'interactive' }).last();
      expect(await text(reply.locator('pre.json').first())).toContain('"recipient"');
      expect(external).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps two users apart when switching between them',
    async () => {
      await asUser(ADA);
      await say('hi');
      await botRow('Hi Ada Lovelace!').waitFor();

      await page.getByRole('button', { name: /^Chat as Alan Turing/ }).click();
      expect(await messages().locator('.row').count()).toBe(0);
      await say('hello');
      await botRow('Hi Alan Turing!').waitFor();
      expect(await text(messages())).not.toContain('Ada');

      // The bot writes to Ada while Alan's chat is open: Ada gets an unread badge, Alan's chat does not change.
      await server.app.get(WhatsAppClient).sendText(ADA, 'Only for Ada');
      await page.getByRole('button', { name: /^Chat as Ada Lovelace.*1 unread/ }).waitFor();
      expect(await text(messages())).not.toContain('Only for Ada');

      await asUser(ADA);
      await botRow('Only for Ada').waitFor();
      const adaChat = await text(messages());
      expect(adaChat).toContain('Hi Ada Lovelace!');
      expect(adaChat).not.toContain('Alan');
      expect(adaChat).not.toContain('hello');
      expect(
        await page.getByRole('button', { name: /^Chat as Ada Lovelace/ }).getAttribute('aria-label'),
      ).not.toContain('unread');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'travels 25 h ahead, then sends a notification: text alone is refused, the template goes out and is drawn as one',
    async () => {
      await asUser(ADA);
      await say('hi');
      await botRow('What would you like to do?').waitFor();
      const notes = () => messages().locator('.row.note .note-chip');

      await page.getByRole('button', { name: /^Time travel/ }).click();
      await notes().filter({ hasText: 'The 24-hour window is closed.' }).waitFor();

      // Free-form outside the window: refused by the simulated Graph like Meta does, with the reason shown.
      await server.app
        .get(WhatsAppClient)
        .sendText(ADA, 'Are you still there?')
        .catch(() => undefined);
      const refused = messages().locator('.bubble.refused[data-code="131047"]');
      await refused.waitFor();
      expect(await text(refused)).toContain('Outside the 24-hour window');

      await page.getByRole('button', { name: 'Send a notification to this user' }).click();
      await page.getByLabel('Notification text').fill('Your order shipped');
      await page.getByRole('button', { name: 'Send notification' }).click();
      await page.locator('#toast', { hasText: 'Notification not sent' }).waitFor();
      expect(await text(page.locator('#toast'))).toContain('template');

      await page.getByLabel('Template name').fill('order_update');
      await page.getByLabel('Template body parameters').fill('Ada\n#42');
      await page.getByRole('button', { name: 'Send notification' }).click();
      const card = messages().locator('.template-card[data-template="order_update"]');
      await card.waitFor();
      expect(await text(card)).toContain('order_update · en_US');
      expect(await card.locator('.template-parameters li').allTextContents()).toEqual(['body: Ada', 'body: #42']);
      await notes()
        .filter({ hasText: /sent as template/ })
        .waitFor();
      expect(await page.locator('#notify-dialog').getAttribute('open')).toBeNull();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows in the inspector the exact webhook JSON and the Graph bodies with their schema check, refusals included',
    async () => {
      await asUser(ADA);
      await say('hi');
      await botRow('What would you like to do?').waitFor();

      const webhook = inspector().locator('.inspect-card[data-kind="webhook"]').last();
      const json = await text(webhook.locator('pre.json'));
      expect(JSON.parse(json)).toMatchObject({
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                field: 'messages',
                value: { contacts: [{ wa_id: ADA }], messages: [{ from: ADA, type: 'text', text: { body: 'hi' } }] },
              },
            ],
          },
        ],
      });
      expect(await text(webhook.locator('[data-role="webhook-status"]'))).toBe('200');

      const graphCards = inspector().locator('.inspect-card[data-kind="graph"]');
      await graphCards.nth(1).waitFor();
      const graphTexts = await graphCards.allTextContents();
      expect(graphTexts.some((card) => card.includes('"status": "read"') && card.includes('schema ✓'))).toBe(true);
      expect(
        graphTexts.some((card) => card.includes('"type": "interactive"') && card.includes('"success"') === false),
      ).toBe(true);

      // A body Meta would refuse: shown in the chat as refused, in the inspector with the schema errors.
      await server.app
        .get(MessageTransport)
        .post({ messaging_product: 'whatsapp', to: ADA, type: 'text', text: { body: 'no recipient_type' } })
        .catch(() => undefined);
      await messages().locator('.bubble.refused', { hasText: 'Graph API refused' }).waitFor();
      const refused = inspector().locator('.inspect-card[data-kind="graph"]', { hasText: 'schema ✗' }).last();
      expect(await text(refused)).toContain('recipient_type');
      expect(await text(refused)).toContain('"code": 100');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'draws media, locations, CTA buttons, formatting and reactions; the user sends a photo, a location and a reaction',
    async () => {
      await asUser(ALAN);
      await say('hi');
      await botRow('What would you like to do?').waitFor();
      const client = server.app.get(WhatsAppClient);
      const userMessageId = await userRow('hi').getAttribute('data-id');

      await client.sendText(ALAN, '*bold* _italic_ ~strike~ ```mono```');
      const formattedRow = botRow('bold');
      await formattedRow.waitFor();
      for (const [selector, content] of [
        ['strong', 'bold'],
        ['em', 'italic'],
        ['s', 'strike'],
        ['code.mono', 'mono'],
      ]) {
        expect(await text(formattedRow.locator(selector))).toBe(content);
      }
      // Meta fetches linked media itself, so a link must be public (the spec's "url" format refuses 127.0.0.1).
      // Offline the page cannot load it either: it says what the picture was instead of showing a broken image.
      const picture = 'https://example.com/alps.png';
      await client.sendMedia(ALAN, { kind: 'image', link: picture, caption: 'The Alps' });
      const imageRow = botRow('The Alps');
      await imageRow.locator('.media-placeholder', { hasText: picture }).waitFor();
      await client.sendLocation(ALAN, {
        latitude: 48.85837,
        longitude: 2.294481,
        name: 'Eiffel Tower',
        address: 'Champ de Mars, Paris',
      });
      await botRow('Eiffel Tower').locator('.location-card').waitFor();
      await client.sendCtaUrl(ALAN, {
        body: 'Read the docs',
        displayText: 'Open docs',
        url: 'https://example.com/docs',
      });
      expect(await botRow('Read the docs').getByRole('link', { name: 'Open docs' }).getAttribute('href')).toBe(
        'https://example.com/docs',
      );
      await client.sendReaction(ALAN, userMessageId ?? '', '❤️');
      await userRow('hi').locator('.reaction-badge', { hasText: '❤️' }).waitFor();

      await page.getByRole('button', { name: 'Attach' }).click();
      await page.getByRole('menuitem', { name: 'Send a photo' }).click();
      await page.getByRole('button', { name: 'Send photo: Sunset' }).click();
      await messages().locator('.row[data-kind="user"] img[alt="Sunset"]').waitFor();
      await botRow('only read text').waitFor();

      await page.getByRole('button', { name: 'Attach' }).click();
      await page.getByRole('menuitem', { name: 'Send a location' }).click();
      await page.getByRole('button', { name: 'Send location: Eiffel Tower' }).click();
      await userRow('Eiffel Tower').locator('.location-card').waitFor();

      const menu = botRow('Read the docs');
      await menu.hover();
      await menu.getByRole('button', { name: 'React to message' }).click();
      await page.getByRole('button', { name: 'React with 👍' }).click();
      await menu.locator('.reaction-badge', { hasText: '👍' }).waitFor();

      const webhooks = await inspector().locator('.inspect-card[data-kind="webhook"] pre.json').allTextContents();
      const types = webhooks.map(
        (raw) =>
          (JSON.parse(raw) as { entry: { changes: { value: { messages: { type: string }[] } }[] }[] }).entry[0]
            .changes[0].value.messages[0].type,
      );
      expect(types).toEqual(['text', 'image', 'location', 'reaction']);
      // The only request beyond the app was the bot's linked picture, and the page coped without it.
      expect([...new Set(external)]).toEqual([picture]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'is usable on a phone-sized screen, with a label on every control',
    async () => {
      await page.setViewportSize({ width: 375, height: 740 });
      await asUser(ADA);
      await say('hi');
      await botRow('What would you like to do?').getByRole('button', { name: 'AI chat' }).waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      for (const control of [
        page.getByLabel('Type a message'),
        page.getByRole('button', { name: 'Send', exact: true }),
        page.getByLabel('Simulated user', { exact: true }),
      ]) {
        const box = await control.boundingBox();
        expect(box).not.toBeNull();
        expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 375).toBe(true);
      }
      await page.getByRole('button', { name: 'Show inspector' }).click();
      await page.locator('#inspector').waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Close inspector' }).click();
      await page.locator('#inspector').waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Show simulated users' }).click();
      await page.getByRole('button', { name: /^Chat as Alan Turing/ }).click();
      await page.locator('#sidebar').waitFor({ state: 'hidden' });
      expect(await page.getByLabel('Simulated user', { exact: true }).inputValue()).toBe(ALAN);

      // Every control has an accessible name: aria-label, a <label>, or its own text.
      // Evaluated in the page (a string: these tests are compiled without the DOM types).
      const unnamed = await page.evaluate<string[]>(`
        [...document.querySelectorAll('button, input, select, textarea, a[href], [role="menuitem"]')]
          .filter((control) => {
            const labelled = control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
            const labels = control.labels;
            return !labelled && !(labels && labels.length > 0) && !(control.textContent || '').trim();
          })
          .map((control) => control.outerHTML.slice(0, 120))
      `);
      expect(unnamed).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
