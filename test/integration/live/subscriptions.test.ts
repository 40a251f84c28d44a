/**
 * Live updates over real processes: the gateway as deployed (its own process, CL_BASE_URL set),
 * an in-process emulator that sends signed webhooks to the gateway's /webhooks/commercelayer,
 * and GraphQL-over-SSE subscribers reading the gateway's HTTP streams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_TOPICS } from '../../../src/live/events.ts';
import { signBody } from '../../../src/live/signature.ts';
import { type DeployedGateway, startDeployed } from '../../helpers/deployed.ts';
import { freePort } from '../../helpers/ports.ts';
import { type SseSubscription, subscribe } from '../../helpers/sse.ts';

let gateway: DeployedGateway;
let secrets: string[] = [];
let integration: string;
let customerToken: string;
let ownId: string;
let otherId: string;
const open: SseSubscription[] = [];

beforeAll(async () => {
  const port = await freePort();
  gateway = await startDeployed({
    emulator: { customers: 10 },
    env: (emulator) => {
      secrets = CUSTOMER_TOPICS.map(
        (topic) =>
          emulator.webhooks.create({
            topic,
            callbackUrl: `http://127.0.0.1:${port}/webhooks/commercelayer`,
            includeResources: ['customer_group', 'tags'],
          }).sharedSecret,
      );
      return { PORT: String(port), CL_WEBHOOK_SECRETS: secrets.join(',') };
    },
  });
  integration = await gateway.integrationToken();
  customerToken = await gateway.customerToken();
  ownId = gateway.emulator.credentials.customer.id;
  const list = (await (
    await fetch(`${gateway.emulator.apiUrl}/customers?page[size]=5`, {
      headers: { authorization: `Bearer ${integration}`, accept: 'application/vnd.api+json' },
    })
  ).json()) as { data: { id: string }[] };
  otherId = list.data.map((c) => c.id).find((id) => id !== ownId) as string;
}, 60_000);

afterAll(async () => {
  for (const subscription of open) {
    subscription.close();
  }
  await gateway?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function sub(
  query: string,
  token: string,
  variables?: Record<string, unknown>,
): Promise<SseSubscription> {
  const subscription = await subscribe(gateway.graphqlUrl, query, {
    headers: auth(token),
    ...(variables ? { variables } : {}),
  });
  open.push(subscription);
  return subscription;
}

/** A write straight to the emulator (its webhooks then reach the gateway). */
async function patch(id: string, attributes: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${gateway.emulator.apiUrl}/customers/${id}`, {
    method: 'PATCH',
    headers: {
      ...auth(integration),
      'content-type': 'application/vnd.api+json',
      accept: 'application/vnd.api+json',
    },
    body: JSON.stringify({ data: { type: 'customers', id, attributes } }),
  });
  expect(response.status).toBe(200);
}

/** A customers.update webhook as Commerce Layer would send it, signed with `secret`. */
function webhook(body: string, secret: string, topic = 'customers.update') {
  return fetch(`${gateway.url}/webhooks/commercelayer`, {
    method: 'POST',
    headers: {
      'content-type': 'application/vnd.api+json',
      'x-commercelayer-topic': topic,
      'x-commercelayer-signature': signBody(body, secret),
    },
    body,
  });
}

function documentOf(id: string, reference: string): string {
  return JSON.stringify({
    data: {
      id,
      type: 'customers',
      attributes: { email: `${reference}@mail.test`, reference, status: 'prospect' },
      relationships: {},
      meta: {},
    },
  });
}

const CHANGED = `subscription Changed($id: ID!) {
  customerChanged(id: $id) { id email reference customerGroup { name } tags { name } }
}`;

const references = (subscription: SseSubscription) =>
  subscription.events.map(
    (event) => (event.data?.customerChanged as { reference?: string } | undefined)?.reference,
  );

describe('webhooks to SSE subscribers', () => {
  it('an update straight to the emulator reaches a subscriber with the selected fields, at no upstream request', async () => {
    const subscription = await sub(CHANGED, integration, { id: otherId });
    expect(subscription.status).toBe(200);
    await patch(otherId, { reference: 'live-1' });
    const mark = gateway.mark();
    await subscription.waitFor(1);
    const event = subscription.events[0]?.data?.customerChanged as Record<string, unknown>;
    expect(event.reference).toBe('live-1');
    expect(typeof event.email).toBe('string');
    expect(event).toHaveProperty('customerGroup');
    expect(Array.isArray(event.tags)).toBe(true);
    // Every selected field was in the webhook body (attributes, customer_group, tags included).
    expect(gateway.upstreamRequests(mark)).toBe(0);
  });

  it('a selection beyond the webhook body costs one upstream request per event', async () => {
    const subscription = await sub(
      `subscription($id: ID!) { customerChanged(id: $id) { reference addresses(first: 3) { nodes { id } } } }`,
      integration,
      { id: otherId },
    );
    await patch(otherId, { reference: 'live-2' });
    const mark = gateway.mark();
    await subscription.waitFor(1);
    expect(
      (subscription.events[0]?.data?.customerChanged as { reference?: string } | undefined)
        ?.reference,
    ).toBe('live-2');
    expect(gateway.upstreamRequests(mark)).toBe(1);
  });

  it('a tampered signature publishes nothing (401); the next genuine webhook arrives first', async () => {
    const subscription = await sub(CHANGED, integration, { id: otherId });
    const tamperedBody = documentOf(otherId, 'tampered');
    const signed = documentOf(otherId, 'signed-then-changed');
    const tampered = await fetch(`${gateway.url}/webhooks/commercelayer`, {
      method: 'POST',
      headers: {
        'x-commercelayer-topic': 'customers.update',
        // A valid signature of another body.
        'x-commercelayer-signature': signBody(signed, secrets[1] as string),
      },
      body: tamperedBody,
    });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(`${gateway.url}/webhooks/commercelayer`, {
      method: 'POST',
      headers: { 'x-commercelayer-topic': 'customers.update' },
      body: tamperedBody,
    });
    expect(unsigned.status).toBe(401);
    expect((await webhook(tamperedBody, 'not-the-secret')).status).toBe(401);
    expect((await webhook(tamperedBody, secrets[0] as string, 'orders.update')).status).toBe(400);
    const huge = documentOf(otherId, 'x'.repeat(1_100_000));
    expect((await webhook(huge, secrets[0] as string)).status).toBe(413);
    await patch(otherId, { reference: 'after-tampered' });
    await subscription.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(references(subscription)).toEqual(['after-tampered']);
  });

  it('a duplicated delivery is published once', async () => {
    const subscription = await sub(CHANGED, integration, { id: otherId });
    gateway.emulator.webhooks.dispatcher.faults.add({
      kind: 'duplicate',
      topic: 'customers.update',
      count: 1,
    });
    await patch(otherId, { reference: 'duplicated' });
    await gateway.emulator.webhooks.dispatcher.idle();
    const sent = gateway.emulator.webhooks.dispatcher
      .deliveries({ topic: 'customers.update' })
      .filter((delivery) => delivery.body.includes('"duplicated"'));
    expect(sent).toHaveLength(2);
    expect(sent.every((delivery) => delivery.state === 'delivered')).toBe(true);
    // The same bytes posted again by hand: still once.
    const again = await webhook(sent[0]?.body as string, secrets[1] as string);
    expect(again.status).toBe(204);
    await patch(otherId, { reference: 'after-duplicate' });
    await subscription.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(references(subscription)).toEqual(['duplicated', 'after-duplicate']);
  });
});

describe('who receives what', () => {
  const EVENTS = `subscription { customerEvents(where: { topics: [UPDATE] }) { topic customerId customer { id reference } } }`;

  it("a customer-token subscriber never receives another customer's event; an integration subscriber receives all", async () => {
    const mine = await sub(EVENTS, customerToken);
    const all = await sub(EVENTS, integration);
    expect(mine.status).toBe(200);
    await patch(otherId, { reference: 'other-1' });
    await patch(ownId, { reference: 'own-1' });
    await patch(otherId, { reference: 'other-2' });
    await all.waitFor(3);
    await mine.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refs = (subscription: SseSubscription) =>
      subscription.events.map(
        (event) =>
          (event.data?.customerEvents as { customer?: { reference?: string } } | undefined)
            ?.customer?.reference,
      );
    expect(refs(all)).toEqual(['other-1', 'own-1', 'other-2']);
    expect(refs(mine)).toEqual(['own-1']);
  });

  it('a customer token cannot subscribe to another customer; a sales channel token to anything', async () => {
    const other = await sub(CHANGED, customerToken, { id: otherId });
    await other.ended;
    expect(other.events[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const filtered = await sub(
      `subscription($ids: [ID!]) { customerEvents(where: { ids: $ids }) { topic } }`,
      customerToken,
      { ids: [ownId, otherId] },
    );
    await filtered.ended;
    expect(filtered.events[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const salesChannel = await sub(EVENTS, await gateway.salesChannelToken());
    await salesChannel.ended;
    expect(salesChannel.events[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('anonymization on the emulator clock', () => {
  it('requested, started and completed reach a subscriber as three events, in order', async () => {
    const subscription = await sub(
      `subscription($id: ID!) { customerChanged(id: $id) { anonymizationStatus } }`,
      integration,
      { id: otherId },
    );
    await patch(otherId, { _request_anonymization: true });
    await subscription.waitFor(1);
    const clock = (advanceMs: number) =>
      fetch(`${gateway.emulator.url}/_emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs }),
      });
    expect((await clock(61_000)).status).toBe(200);
    await subscription.waitFor(2);
    expect((await clock(300_000)).status).toBe(200);
    await subscription.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      subscription.events.map(
        (event) =>
          (event.data?.customerChanged as { anonymizationStatus?: string } | undefined)
            ?.anonymizationStatus,
      ),
    ).toEqual(['REQUESTED', 'STARTED', 'COMPLETED']);
  });
});
