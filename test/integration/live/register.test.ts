/**
 * `npm run webhooks:register` as an operator runs it (its own process), against the emulator's
 * Commerce Layer API: creates one webhook per customer topic and prints their secrets; run again
 * it updates them (no secret shown again); `--rotate` re-creates them with new secrets.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { CUSTOMER_TOPICS } from '../../../src/live/events.ts';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, customers: 1, rateLimit: false });
});

afterAll(async () => {
  await emulator?.close();
});

function register(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn('node_modules/.bin/tsx', ['src/webhooks-register.ts', ...args], {
    env: {
      ...process.env,
      CL_BASE_URL: emulator.apiUrl,
      CL_AUTH_URL: emulator.authUrl,
      CL_CLIENT_ID: emulator.credentials.integration.clientId,
      CL_CLIENT_SECRET: emulator.credentials.integration.clientSecret,
      CL_ORGANIZATION: emulator.organization.slug,
      CL_WEBHOOK_SECRETS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

async function webhooks(): Promise<{ topic: string; callback_url: string }[]> {
  const token = (await (
    await fetch(emulator.authUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: emulator.credentials.integration.clientId,
        client_secret: emulator.credentials.integration.clientSecret,
      }),
    })
  ).json()) as { access_token: string };
  const answer = (await (
    await fetch(`${emulator.apiUrl}/webhooks?page[size]=25`, {
      headers: {
        authorization: `Bearer ${token.access_token}`,
        accept: 'application/vnd.api+json',
      },
    })
  ).json()) as { data: { attributes: { topic: string; callback_url: string } }[] };
  return answer.data.map((hook) => hook.attributes);
}

const secretsOf = (output: string) =>
  /^CL_WEBHOOK_SECRETS=(.*)$/m.exec(output)?.[1]?.split(',') ?? [];

describe('npm run webhooks:register', () => {
  it('creates, updates, and with --rotate re-creates the customer-topic webhooks', async () => {
    const url = 'https://gateway.example.test';
    const first = await register('--url', url);
    expect(first.code).toBe(0);
    const created = secretsOf(first.output);
    expect(created).toHaveLength(CUSTOMER_TOPICS.length);
    const hooks = await webhooks();
    expect(hooks.map((hook) => hook.topic).sort()).toEqual([...CUSTOMER_TOPICS].sort());
    expect(new Set(hooks.map((hook) => hook.callback_url))).toEqual(
      new Set([`${url}/webhooks/commercelayer`]),
    );

    const again = await register('--url', url);
    expect(again.code).toBe(0);
    expect(again.output).toContain('updated customers.update');
    expect(secretsOf(again.output)).toEqual([]);
    expect(await webhooks()).toHaveLength(CUSTOMER_TOPICS.length);

    const rotated = await register('--url', url, '--rotate');
    expect(rotated.code).toBe(0);
    const fresh = secretsOf(rotated.output);
    expect(fresh).toHaveLength(CUSTOMER_TOPICS.length);
    expect(fresh.some((secret) => created.includes(secret))).toBe(false);
    expect(await webhooks()).toHaveLength(CUSTOMER_TOPICS.length);
  }, 60_000);

  it('refuses to run without --url', async () => {
    const result = await register();
    expect(result.code).toBe(2);
    expect(result.output).toContain('Usage: npm run webhooks:register');
  });
});
