/**
 * A subscription lives as long as the token it was opened with: with the emulator's tokens
 * lasting 4 s, an open stream receives events, then the gateway ends it when the token expires.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CUSTOMER_TOPICS } from '../../../src/live/events.ts';
import { type DeployedGateway, startDeployed } from '../../helpers/deployed.ts';
import { freePort } from '../../helpers/ports.ts';
import { subscribe } from '../../helpers/sse.ts';

let gateway: DeployedGateway;

beforeAll(async () => {
  const port = await freePort();
  gateway = await startDeployed({
    emulator: { customers: 3, tokenTtlSeconds: 4 },
    env: (emulator) => {
      const secrets = CUSTOMER_TOPICS.map(
        (topic) =>
          emulator.webhooks.create({
            topic,
            callbackUrl: `http://127.0.0.1:${port}/webhooks/commercelayer`,
          }).sharedSecret,
      );
      return { PORT: String(port), CL_WEBHOOK_SECRETS: secrets.join(',') };
    },
  });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
});

it('ends the stream when the subscriber token expires', async () => {
  const token = await gateway.integrationToken();
  const issued = Date.now();
  const subscription = await subscribe(
    gateway.graphqlUrl,
    'subscription { customerEvents { topic customer { reference } } }',
    { headers: { authorization: `Bearer ${token}` } },
  );
  const id = gateway.emulator.credentials.customer.id;
  const patched = await fetch(`${gateway.emulator.apiUrl}/customers/${id}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/vnd.api+json',
      accept: 'application/vnd.api+json',
    },
    body: JSON.stringify({ data: { type: 'customers', id, attributes: { reference: 'alive' } } }),
  });
  expect(patched.status).toBe(200);
  await subscription.waitFor(1);
  await subscription.ended;
  const lived = Date.now() - issued;
  expect(lived).toBeGreaterThan(2_500);
  expect(lived).toBeLessThan(9_000);
  expect(subscription.events.length).toBeGreaterThan(0);
}, 30_000);
