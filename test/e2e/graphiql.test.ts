import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../../src/yoga.ts';
import { postGraphQL, type ServedStack, serveStack } from '../integration/ops/serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = new URL('../../test-results/graphiql.png', import.meta.url);
const available = existsSync(CHROMIUM);

/** Visible text of an element; Monaco renders spaces as no-break spaces. */
async function textOf(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator, not a DOM node: the text as rendered.
  return (await locator.innerText()).replaceAll('\u00a0', ' ');
}

if (!available && !process.env.CI) {
  console.warn(
    `GraphiQL e2e skipped: ${CHROMIUM} is missing (apt-get install -y chromium). In CI it must run.`,
  );
}

/** A Commerce Layer access token minted by the emulator for its integration credential. */
async function integrationToken(stack: ServedStack): Promise<string> {
  const { integration } = stack.emulator.credentials;
  const answer = await fetch(stack.emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: integration.clientId,
      client_secret: integration.clientSecret,
    }),
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}

/** The e-mails of the ten newest customers, asked of the emulator directly. */
async function emulatorEmails(stack: ServedStack): Promise<string[]> {
  const token = await integrationToken(stack);
  const query = new URLSearchParams({
    sort: '-created_at',
    'page[size]': '10',
    'fields[customers]': 'email',
  });
  const answer = await fetch(`${stack.emulator.apiUrl}/customers?${query}`, {
    headers: { accept: 'application/vnd.api+json', authorization: `Bearer ${token}` },
  });
  const document = (await answer.json()) as { data: { attributes: { email: string } }[] };
  return document.data.map((customer) => customer.attributes.email);
}

/** In CI the test runs whatever happens (and fails without Chromium); locally it needs Chromium. */
describe.runIf(available || process.env.CI)('GraphiQL in Chromium', { timeout: 60_000 }, () => {
  let stack: ServedStack;
  let userDataDir: string;
  let browser: BrowserContext;
  let page: Page;
  /** Requests the page tried to send anywhere but the gateway: must stay empty (offline). */
  const external: string[] = [];

  beforeAll(async () => {
    stack = await serveStack({ logLevel: 'silent' });
    userDataDir = await mkdtemp(join(tmpdir(), 'graphiql-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await browser.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(stack.url) || url.startsWith('data:') || url.startsWith('blob:')) {
        return route.continue();
      }
      external.push(url);
      return route.abort();
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(stack.graphqlUrl, { waitUntil: 'load' });
    await page.locator('.graphiql-execute-button').waitFor({ state: 'visible', timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await rm(userDataDir, { recursive: true, force: true });
    await stack?.close();
  });

  it('serves GraphiQL without any CDN', async () => {
    const html = await (await fetch(stack.graphqlUrl, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('graphiql');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr\.net|esm\.sh|cdnjs/);
    expect(external).toEqual([]);
  });

  it('opens with the example query and the Authorization header in the headers editor', async () => {
    const editor = page.locator('.graphiql-query-editor');
    await expect.poll(() => textOf(editor)).toContain('query Customers');
    const headersTab = page.locator('.graphiql-editor-tools button[data-name="headers"]');
    await expect.poll(() => headersTab.getAttribute('class')).toContain('active');
    const headersEditor = page
      .locator('.graphiql-editor-tool')
      .filter({ hasText: 'Authorization' });
    await expect.poll(() => headersEditor.isVisible()).toBe(true);
    expect(await textOf(headersEditor)).toContain('"Authorization": ""');
  });

  it('runs the example query and shows customers of the emulator', async () => {
    const expected = await postGraphQL(stack, { query: EXAMPLE_QUERY });
    const nodes =
      (expected.body.data?.customers as { nodes: { email: string }[] } | undefined)?.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    // The same ten customers straight from the emulator's JSON:API, newest first.
    const fromEmulator = await emulatorEmails(stack);
    expect(nodes.map((node) => node.email)).toEqual(fromEmulator);

    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect.poll(() => textOf(result), { timeout: 20_000 }).toContain('"email"');
    const text = await textOf(result);
    expect(text).toContain('"totalCount": 30');
    expect(text).toContain(`"email": "${nodes[0]?.email}"`);
    const emails = [...text.matchAll(/"email": "([^"]+)"/g)].map((match) => match[1]);
    expect(emails.length).toBeGreaterThan(0);
    expect(nodes.map((node) => node.email)).toEqual(expect.arrayContaining(emails));
    expect(external).toEqual([]);
  });

  it('sends the Authorization header typed into the headers editor', async () => {
    const headersEditor = page
      .locator('.graphiql-editor-tool')
      .filter({ hasText: 'Authorization' });
    const setHeaders = async (headers: Record<string, string>) => {
      await headersEditor.locator('.view-lines').filter({ hasText: 'Authorization' }).click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      // Pasted-like input: no key events, so Monaco does not auto-close quotes and braces.
      await page.keyboard.insertText(JSON.stringify(headers));
      await expect.poll(() => textOf(headersEditor)).toContain(JSON.stringify(headers));
    };
    const result = page.locator('.result-window');

    await setHeaders({ Authorization: 'Bearer not-a-token' });
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => textOf(result), { timeout: 20_000 }).toContain('UNAUTHENTICATED');

    const token = await integrationToken(stack);
    await setHeaders({ Authorization: `Bearer ${token}` });
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => textOf(result), { timeout: 20_000 }).toContain('"totalCount": 30');
    expect(await textOf(result)).not.toContain('UNAUTHENTICATED');
    await setHeaders({ Authorization: '' });
  });

  it("shows the schema's descriptions in the docs explorer", async () => {
    await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Query' }).click();
    await expect.poll(() => textOf(docs)).toContain('Customers matching `where`'.replace(/`/g, ''));
    await mkdir(new URL('.', SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.pathname, fullPage: false });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
