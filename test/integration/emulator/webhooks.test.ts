import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { waitFor } from '../../../src/emulator/webhooks.ts';
import { apiFetch, integrationToken } from './support.ts';

/**
 * Issue 13: the emulator sends webhooks as Commerce Layer does
 * (https://docs.commercelayer.io/core/real-time-webhooks), to a real receiver over HTTP.
 */
interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: {
    data: { id: string; type: string; attributes: Record<string, unknown> };
    included?: Array<{ type: string; id: string }>;
  };
}

let emulator: RunningEmulator;
let token: string;
let receiver: Server;
let callbackUrl: string;
let received: Received[] = [];
/** Statuses to answer, in order; 200 once exhausted. */
let answers: number[] = [];

function topics(): string[] {
  return received.map((entry) => String(entry.headers['x-commercelayer-topic']));
}

function verify(entry: Received, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(entry.raw, 'utf8').digest('base64');
  return entry.headers['x-commercelayer-signature'] === expected;
}

async function send(path: string, method: string, body?: unknown): Promise<Response> {
  return apiFetch(emulator, token, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createCustomer(email: string): Promise<string> {
  const response = await send('customers', 'POST', {
    data: { type: 'customers', attributes: { email } },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

async function admin(path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${emulator.adminUrl}/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, raw, body: JSON.parse(raw) as Received['body'] });
      response.writeHead(answers.shift() ?? 200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/commercelayer`;
  emulator = await createEmulator({
    customers: 5,
    rateLimit: false,
    webhooks: { retryBaseMs: 20, circuitThreshold: 4, maxRetries: 10 },
  });
  token = await integrationToken(emulator);
});

afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(async () => {
  await emulator.webhooks.dispatcher.idle();
  // Start every test with no webhooks, faults or recorded deliveries.
  const list = (await (await send('webhooks', 'GET')).json()) as { data: Array<{ id: string }> };
  for (const webhook of list.data) {
    await send(`webhooks/${webhook.id}`, 'DELETE');
  }
  emulator.webhooks.dispatcher.faults.clear();
  received = [];
  answers = [];
});

describe('the webhooks resource', () => {
  it('is created over JSON:API with the integration token; shared_secret is shown once', async () => {
    const created = await send('webhooks', 'POST', {
      data: {
        type: 'webhooks',
        attributes: {
          topic: 'customers.create',
          callback_url: callbackUrl,
          include_resources: ['customer_group'],
        },
      },
    });
    expect(created.status).toBe(201);
    const doc = (await created.json()) as {
      data: { id: string; attributes: Record<string, unknown> };
    };
    expect(doc.data.attributes).toMatchObject({
      topic: 'customers.create',
      callback_url: callbackUrl,
      include_resources: ['customer_group'],
      circuit_state: 'closed',
      circuit_failure_count: 0,
      disabled_at: null,
    });
    expect(doc.data.attributes.shared_secret).toMatch(/^[0-9a-f]{32}$/);
    const shown = (await (await send(`webhooks/${doc.data.id}`, 'GET')).json()) as {
      data: { attributes: Record<string, unknown> };
    };
    expect(shown.data.attributes.shared_secret).toBeNull();

    const disabled = (await (
      await send(`webhooks/${doc.data.id}`, 'PATCH', {
        data: { type: 'webhooks', id: doc.data.id, attributes: { _disable: true } },
      })
    ).json()) as { data: { attributes: Record<string, unknown> } };
    expect(disabled.data.attributes.disabled_at).not.toBeNull();
    await createCustomer('disabled.hook@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toEqual([]);
  });

  it('refuses unknown topics, bad callback URLs and includes that are not relationships', async () => {
    const attempt = async (attributes: Record<string, unknown>) =>
      (await send('webhooks', 'POST', { data: { type: 'webhooks', attributes } })).status;
    expect(await attempt({ topic: 'customers.explode', callback_url: callbackUrl })).toBe(422);
    // Only integration tokens manage webhooks.
    const guest = await fetch(emulator.authUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: emulator.credentials.salesChannel.clientId,
      }),
    });
    const guestToken = ((await guest.json()) as { access_token: string }).access_token;
    const refused = await apiFetch(emulator, guestToken, 'webhooks', {
      method: 'POST',
      body: JSON.stringify({
        data: {
          type: 'webhooks',
          attributes: { topic: 'customers.create', callback_url: callbackUrl },
        },
      }),
    });
    expect(refused.status).toBe(401);
    expect(await attempt({ topic: 'customers.create', callback_url: 'ftp://x' })).toBe(422);
    expect(
      await attempt({
        topic: 'customers.create',
        callback_url: callbackUrl,
        include_resources: ['nope'],
      }),
    ).toBe(422);
  });
});

describe('deliveries', () => {
  it('POSTs the signed JSON:API document for create, update, tags and destroy', async () => {
    const secrets = new Map<string, string>();
    for (const topic of [
      'customers.create',
      'customers.update',
      'customers.tagged',
      'customers.destroy',
    ]) {
      const created = emulator.webhooks.create({
        topic,
        callbackUrl,
        ...(topic === 'customers.update' ? { includeResources: ['customer_group'] } : {}),
      });
      secrets.set(topic, created.sharedSecret);
    }
    const group = (await (await send('customer_groups?page[size]=1', 'GET')).json()) as {
      data: Array<{ id: string }>;
    };
    const id = await createCustomer('hooked@mail.test');
    await send(`customers/${id}`, 'PATCH', {
      data: {
        type: 'customers',
        id,
        relationships: {
          customer_group: { data: { type: 'customer_groups', id: group.data[0]?.id } },
        },
      },
    });
    const tags = (await (await send('tags?page[size]=1', 'GET')).json()) as {
      data: Array<{ attributes: { name: string } }>;
    };
    await send(`customers/${id}`, 'PATCH', {
      data: { type: 'customers', id, attributes: { _add_tags: tags.data[0]?.attributes.name } },
    });
    await send(`customers/${id}`, 'DELETE');
    await emulator.webhooks.dispatcher.idle();

    expect(topics()).toEqual([
      'customers.create',
      'customers.update',
      'customers.update',
      'customers.tagged',
      'customers.destroy',
    ]);
    for (const entry of received) {
      const topic = String(entry.headers['x-commercelayer-topic']);
      expect(verify(entry, secrets.get(topic) as string)).toBe(true);
      expect(entry.body.data).toMatchObject({ id, type: 'customers' });
    }
    const update = received[1] as Received;
    expect(update.body.included?.map((item) => `${item.type}:${item.id}`)).toEqual([
      `customer_groups:${group.data[0]?.id}`,
    ]);
    const tagged = received[3] as Received;
    expect(tagged.body.included?.map((item) => item.type)).toEqual(['tags']);
    // A tampered body no longer matches its signature.
    expect(
      verify({ ...update, raw: `${update.raw} ` }, secrets.get('customers.update') as string),
    ).toBe(false);

    const listed = (await (await admin('webhooks/deliveries')).json()) as {
      data: Array<{
        topic: string;
        state: string;
        headers: Record<string, string>;
        attempts: unknown[];
      }>;
    };
    const last = listed.data.slice(-5);
    expect(last.map((delivery) => delivery.state)).toEqual(Array(5).fill('delivered'));
    expect(last[0]?.headers['X-CommerceLayer-Topic']).toBe('customers.create');
  });

  it('sends nothing for a write that fails and rolls back', async () => {
    emulator.webhooks.create({ topic: 'customers.create', callbackUrl });
    emulator.webhooks.create({ topic: 'customers.destroy', callbackUrl });
    await createCustomer('taken.once@mail.test');
    const duplicate = await send('customers', 'POST', {
      data: { type: 'customers', attributes: { email: 'TAKEN.once@mail.test' } },
    });
    expect(duplicate.status).toBe(422);
    // A customer with orders cannot be deleted: no destroy event either.
    const withOrders = (await (
      await send('orders?filter[q][customer_id_null]=false&page[size]=1&include=customer', 'GET')
    ).json()) as { included: Array<{ id: string }> };
    const locked = await send(`customers/${withOrders.included[0]?.id}`, 'DELETE');
    expect(locked.status).toBe(423);
    await emulator.webhooks.dispatcher.idle();
    expect(received.map((entry) => entry.body.data.attributes.email)).toEqual([
      'taken.once@mail.test',
    ]);
  });

  it('retries a non-2xx answer with backoff, then resets the failure count', async () => {
    const hook = emulator.webhooks.create({ topic: 'customers.create', callbackUrl });
    answers = [500, 503];
    await createCustomer('retried@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((entry) => entry.raw)).size).toBe(1);
    const [delivery] = emulator.webhooks.dispatcher.deliveries({ webhookId: hook.id });
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    const webhook = (await (
      await send(`webhooks/${hook.id}?include=last_event_callbacks`, 'GET')
    ).json()) as {
      data: { attributes: Record<string, unknown> };
      included: Array<{ attributes: { response_code: string } }>;
    };
    expect(webhook.data.attributes).toMatchObject({
      circuit_state: 'closed',
      circuit_failure_count: 0,
    });
    expect(webhook.included.map((callback) => callback.attributes.response_code).sort()).toEqual([
      '200',
      '500',
      '503',
    ]);
  });

  it('opens the circuit after repeated failures and sends nothing more until _reset_circuit', async () => {
    const hook = emulator.webhooks.create({ topic: 'customers.create', callbackUrl });
    answers = Array(20).fill(500);
    await createCustomer('failing@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toHaveLength(4);
    const shown = (await (await send(`webhooks/${hook.id}`, 'GET')).json()) as {
      data: { attributes: Record<string, unknown> };
    };
    expect(shown.data.attributes).toMatchObject({
      circuit_state: 'open',
      circuit_failure_count: 4,
    });
    await createCustomer('while.open@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toHaveLength(4);
    expect(
      emulator.webhooks.dispatcher.deliveries({ webhookId: hook.id }).map((d) => d.state),
    ).toEqual(['failed', 'skipped']);
    answers = [];
    await send(`webhooks/${hook.id}`, 'PATCH', {
      data: { type: 'webhooks', id: hook.id, attributes: { _reset_circuit: true } },
    });
    await createCustomer('after.reset@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toHaveLength(5);
  });
});

describe('delivery faults', () => {
  it('drop, duplicate, delay and reorder', async () => {
    emulator.webhooks.create({ topic: 'customers.create', callbackUrl });
    const faults = await admin('webhooks/faults', 'POST', [{ kind: 'drop', count: 1 }]);
    expect(faults.status).toBe(201);
    await createCustomer('dropped@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toHaveLength(0);

    await admin('webhooks/faults', 'POST', { kind: 'duplicate', count: 1 });
    await createCustomer('twice@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toHaveLength(2);
    expect(received[0]?.raw).toBe(received[1]?.raw);
    expect(received[0]?.headers['x-commercelayer-signature']).toBe(
      received[1]?.headers['x-commercelayer-signature'],
    );

    received = [];
    await admin('webhooks/faults', 'POST', { kind: 'delay', delayMs: 150, count: 1 });
    const started = Date.now();
    await createCustomer('late@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    received = [];
    await admin('webhooks/faults', 'POST', { kind: 'reorder', count: 1 });
    await createCustomer('first@mail.test');
    await createCustomer('second@mail.test');
    await emulator.webhooks.dispatcher.idle();
    expect(received.map((entry) => entry.body.data.attributes.email)).toEqual([
      'second@mail.test',
      'first@mail.test',
    ]);
    const states = (
      (await (await admin('webhooks/deliveries')).json()) as {
        data: Array<{ state: string; faults: string[] }>;
      }
    ).data;
    expect(states.some((delivery) => delivery.state === 'dropped')).toBe(true);
    expect((await admin('webhooks/faults')).status).toBe(200);
  });
});

describe('anonymization on the emulator clock', () => {
  it('fires requested, started and completed in order as the clock reaches them', async () => {
    const hook = emulator.webhooks.create({ topic: 'customers.update', callbackUrl });
    const completedHook = emulator.webhooks.create({
      topic: 'customers.anonymization_completed',
      callbackUrl,
    });
    const id = await createCustomer('forget.me@mail.test');
    await send(`customers/${id}`, 'PATCH', {
      data: { type: 'customers', id, attributes: { _request_anonymization: true } },
    });
    await emulator.webhooks.dispatcher.idle();
    await admin('clock', 'POST', { advanceMs: 61_000 });
    await waitFor(() => received.length >= 2);
    await admin('clock', 'POST', { advanceMs: 300_000 });
    await waitFor(() => received.length >= 4);
    await emulator.webhooks.dispatcher.idle();
    const updates = received.filter(
      (entry) => entry.headers['x-commercelayer-topic'] === 'customers.update',
    );
    expect(updates.map((entry) => entry.body.data.attributes.anonymization_status)).toEqual([
      'requested',
      'started',
      'completed',
    ]);
    expect(topics().filter((topic) => topic === 'customers.anonymization_completed')).toHaveLength(
      1,
    );
    expect(hook.id).not.toBe(completedHook.id);
  });
});
