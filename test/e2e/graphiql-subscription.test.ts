/**
 * `npm start` as a user runs it (the embedded emulator, which registers the gateway's webhooks at
 * start), and GraphiQL in Chromium running a subscription: an update made meanwhile appears in
 * the result pane (GraphiQL speaks GraphQL over SSE to yoga).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);

async function textOf(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator, not a DOM node: the text as rendered.
  return (await locator.innerText()).replaceAll('\u00a0', ' ');
}

describe.runIf(available || process.env.CI)(
  'GraphiQL runs a subscription',
  { timeout: 90_000 },
  () => {
    let child: ChildProcess;
    let url: string;
    let userDataDir: string;
    let browser: BrowserContext;

    beforeAll(async () => {
      child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        env: {
          ...process.env,
          PORT: '0',
          EMULATOR_PORT: '0',
          EMULATOR_CUSTOMERS: '5',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      url = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /GraphiQL: (http:\/\/[^/\s]+)\/graphql/.exec(output);
          if (match?.[1] && output.includes('webhooks registered')) {
            resolve(match[1]);
          }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
      });
      userDataDir = await mkdtemp(join(tmpdir(), 'graphiql-subscription-'));
      browser = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
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
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      if (userDataDir) {
        await rm(userDataDir, { recursive: true, force: true });
      }
      child?.kill('SIGTERM');
    });

    it('shows the event of an update made while the subscription runs', async () => {
      const post = async (query: string, variables?: Record<string, unknown>) =>
        (await (
          await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables }),
          })
        ).json()) as { data: Record<string, { nodes?: { id: string }[] }> };
      const id = (await post('{ customers(first: 1) { nodes { id } } }')).data.customers?.nodes?.[0]
        ?.id as string;

      const page = browser.pages()[0] ?? (await browser.newPage());
      // The subscription comes in through GraphiQL's `?query=` parameter, so the editor holds it
      // from the first render (typing over the example query raced GraphiQL's operation parsing).
      const subscription = `subscription Watch { customerChanged(id: "${id}") { id reference } }`;
      await page.goto(`${url}/graphql?query=${encodeURIComponent(subscription)}`, {
        waitUntil: 'load',
      });
      await page.locator('.graphiql-execute-button').waitFor({ state: 'visible', timeout: 60_000 });
      const editor = page.locator('.graphiql-query-editor');
      await expect.poll(() => textOf(editor), { timeout: 20_000 }).toContain('customerChanged');
      expect(await textOf(editor)).not.toContain('query Customers');
      await page.locator('.graphiql-execute-button').click();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const updated = await post(
        'mutation($id: ID!) { customerUpdate(id: $id, input: { reference: "seen-in-graphiql" }) { customer { id } } }',
        { id },
      );
      expect(updated.data.customerUpdate).toBeTruthy();
      const result = page.locator('.result-window');
      await expect
        .poll(() => textOf(result), { timeout: 20_000 })
        .toContain('"reference": "seen-in-graphiql"');
    });
  },
);
