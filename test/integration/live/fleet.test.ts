/**
 * Two gateway replicas sharing a Redis (redis-server started here on a free port): a webhook
 * posted to replica A reaches a subscriber on replica B, and the same delivery posted to both
 * replicas is published once (SET NX PX in Redis). Skipped locally when redis-server is not installed; fails in CI.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { signBody } from '../../../src/live/signature.ts';
import { machineHas } from '../../helpers/machine.ts';
import { freePort } from '../../helpers/ports.ts';
import { type SseSubscription, subscribe } from '../../helpers/sse.ts';

const hasRedis = machineHas(['/usr/bin/redis-server']);
const SECRET = 'fleet-test-secret';

let emulator: RunningEmulator;
let redis: ChildProcess | undefined;
const replicas: { child: ChildProcess; url: string }[] = [];
const open: SseSubscription[] = [];

async function startReplica(redisUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: '0',
      CL_BASE_URL: emulator.apiUrl,
      CL_AUTH_URL: emulator.authUrl,
      CL_JWKS_URL: emulator.jwksUrl,
      CL_ORGANIZATION: emulator.organization.slug,
      CL_CLIENT_ID: emulator.credentials.integration.clientId,
      CL_CLIENT_SECRET: emulator.credentials.integration.clientSecret,
      CL_WEBHOOK_SECRETS: SECRET,
      REDIS_URL: redisUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output);
      if (match?.[1]) {
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

beforeAll(async () => {
  if (!hasRedis) {
    return;
  }
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  emulator = await createEmulator({ port: 0, customers: 3, rateLimit: false });
  const redisUrl = `redis://127.0.0.1:${port}`;
  replicas.push(await startReplica(redisUrl), await startReplica(redisUrl));
}, 60_000);

afterAll(async () => {
  for (const subscription of open) {
    subscription.close();
  }
  for (const { child } of replicas) {
    child.kill('SIGTERM');
  }
  redis?.kill('SIGTERM');
  await emulator?.close();
});

function post(url: string, body: string) {
  return fetch(`${url}/webhooks/commercelayer`, {
    method: 'POST',
    headers: {
      'x-commercelayer-topic': 'customers.update',
      'x-commercelayer-signature': signBody(body, SECRET),
    },
    body,
  });
}

describe.skipIf(!hasRedis)('two replicas over Redis', () => {
  it('a webhook posted to replica A reaches a subscriber on replica B, once even when both receive it', async () => {
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    const token = await (
      await fetch(emulator.authUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: emulator.credentials.integration.clientId,
          client_secret: emulator.credentials.integration.clientSecret,
        }),
      })
    ).json();
    const subscription = await subscribe(
      `${b.url}/graphql`,
      'subscription { customerEvents { topic customerId } }',
      { headers: { authorization: `Bearer ${(token as { access_token: string }).access_token}` } },
    );
    open.push(subscription);
    expect(subscription.status).toBe(200);
    // Redis SUBSCRIBE is asynchronous: give replica B's subscription time to be registered.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const body = (id: string) =>
      JSON.stringify({ data: { id, type: 'customers', attributes: { reference: id } } });
    expect((await post(a.url, body('AAAAAAAAAA'))).status).toBe(204);
    // The same delivery to both replicas (a Commerce Layer retry landing elsewhere): once.
    expect((await post(a.url, body('BBBBBBBBBB'))).status).toBe(204);
    expect((await post(b.url, body('BBBBBBBBBB'))).status).toBe(204);
    expect((await post(b.url, body('CCCCCCCCCC'))).status).toBe(204);
    await subscription.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = subscription.events.map((event) =>
      Buffer.from(
        (event.data?.customerEvents as { customerId?: string } | undefined)?.customerId ?? '',
        'base64',
      ).toString(),
    );
    expect(ids).toEqual(['Customer:AAAAAAAAAA', 'Customer:BBBBBBBBBB', 'Customer:CCCCCCCCCC']);
  }, 30_000);
});
