import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { apiFetch, customerToken, integrationToken, requestToken } from './support.ts';

/**
 * Issue 12 ("closer to Commerce Layer") and issue 9 (emulator): predicates, revocation, the
 * roles table, writes of customer-related resources, draft orders and `_place`, per-IP rate
 * limits, the admin endpoint's loopback/JSON guard, and what a customer token may see.
 */
let emulator: RunningEmulator;
let token: string;

type Doc = {
  data: { id: string; type: string; attributes: Record<string, unknown> } & Record<string, unknown>;
  errors?: Array<{ code: string; status: string }>;
};
type ListDoc = {
  data: Array<{ id: string; attributes: Record<string, unknown> }>;
  meta: { record_count: number };
};

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function guestToken(target: RunningEmulator): Promise<string> {
  const { body } = await requestToken(target, {
    grant_type: 'client_credentials',
    client_id: target.credentials.salesChannel.clientId,
    scope: target.credentials.marketScope,
  });
  return body.access_token as string;
}

function post(path: string, bearer: string, body: unknown): Promise<Response> {
  return apiFetch(emulator, bearer, path, { method: 'POST', body: JSON.stringify(body) });
}

function patch(path: string, bearer: string, body: unknown): Promise<Response> {
  return apiFetch(emulator, bearer, path, { method: 'PATCH', body: JSON.stringify(body) });
}

beforeAll(async () => {
  emulator = await createEmulator({ customers: 40, rateLimit: false });
  token = await integrationToken(emulator);
});

afterAll(async () => {
  await emulator.close();
});

describe('eq_or_null and not_eq_or_null predicates', () => {
  it('match the value or NULL, and anything but the value or NULL', async () => {
    const count = async (query: string) =>
      (await json<ListDoc>(await apiFetch(emulator, token, `customers?${query}`))).meta
        .record_count;
    const all = await count('');
    const salesforce = await count('filter[q][reference_origin_eq]=salesforce');
    const nulls = await count('filter[q][reference_origin_null]=true');
    expect(salesforce).toBeGreaterThan(0);
    expect(nulls).toBeGreaterThan(0);
    expect(await count('filter[q][reference_origin_eq_or_null]=salesforce')).toBe(
      salesforce + nulls,
    );
    expect(await count('filter[q][reference_origin_not_eq_or_null]=salesforce')).toBe(
      all - salesforce,
    );
  });
});

describe('POST /oauth/revoke with an access token', () => {
  it('makes that token answer 401 INVALID_TOKEN, and leaves others working', async () => {
    const doomed = await integrationToken(emulator);
    expect((await apiFetch(emulator, doomed, 'customers')).status).toBe(200);
    const revoke = await fetch(`${emulator.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: emulator.credentials.integration.clientId,
        client_secret: emulator.credentials.integration.clientSecret,
        token: doomed,
      }),
    });
    expect(revoke.status).toBe(200);
    const refused = await apiFetch(emulator, doomed, 'customers');
    expect(refused.status).toBe(401);
    expect((await json<Doc>(refused)).errors?.[0]?.code).toBe('INVALID_TOKEN');
    expect((await apiFetch(emulator, token, 'customers')).status).toBe(200);
  });
});

describe('guest (sales channel client_credentials) tokens follow the roles table', () => {
  it('retrieves single orders it may read, but lists nothing', async () => {
    const guest = await guestToken(emulator);
    const placed = (
      await json<ListDoc>(
        await apiFetch(emulator, token, 'orders?filter[q][status_eq]=placed&page[size]=1'),
      )
    ).data[0];
    const approved = (
      await json<ListDoc>(
        await apiFetch(emulator, token, 'orders?filter[q][status_eq]=approved&page[size]=1'),
      )
    ).data[0];
    expect((await apiFetch(emulator, guest, `orders/${placed?.id}`)).status).toBe(200);
    expect((await apiFetch(emulator, guest, `orders/${approved?.id}`)).status).toBe(404);
    expect((await apiFetch(emulator, guest, 'orders')).status).toBe(401);
    expect((await apiFetch(emulator, guest, 'customers')).status).toBe(401);
    // The order's customer is personal data the guest was not granted: not included.
    const withCustomer = (await (
      await apiFetch(emulator, guest, `orders/${placed?.id}?include=customer`)
    ).json()) as { included: unknown[]; data: { relationships: { customer: { data: unknown } } } };
    expect(withCustomer.included).toEqual([]);
    expect(withCustomer.data.relationships.customer.data).toBeNull();
  });

  it('creates, shows, updates and deletes a single address', async () => {
    const guest = await guestToken(emulator);
    const created = await post('addresses', guest, {
      data: {
        type: 'addresses',
        attributes: {
          first_name: 'Ada',
          last_name: 'Guest',
          line_1: 'Via Roma 1',
          city: 'Milano',
          zip_code: '20121',
          country_code: 'IT',
          phone: '+39 02 000000',
        },
      },
    });
    expect(created.status).toBe(201);
    const id = (await json<Doc>(created)).data.id;
    expect((await apiFetch(emulator, guest, `addresses/${id}`)).status).toBe(200);
    const updated = await patch(`addresses/${id}`, guest, {
      data: { type: 'addresses', id, attributes: { city: 'Torino' } },
    });
    expect((await json<Doc>(updated)).data.attributes.city).toBe('Torino');
    expect((await apiFetch(emulator, guest, `addresses/${id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await apiFetch(emulator, guest, 'addresses')).status).toBe(401);
  });

  it('shows a single customer subscription', async () => {
    const guest = await guestToken(emulator);
    const subscription = (
      await json<ListDoc>(await apiFetch(emulator, token, 'customer_subscriptions?page[size]=1'))
    ).data[0];
    expect(subscription).toBeDefined();
    const shown = await apiFetch(emulator, guest, `customer_subscriptions/${subscription?.id}`);
    expect(shown.status).toBe(200);
    // Still no customer data beyond the table: a customer's page is 401.
    expect(
      (await apiFetch(emulator, guest, `customers/${emulator.credentials.customer.id}`)).status,
    ).toBe(401);
  });
});

describe('writes of the customer related resources', () => {
  it('creates customer subscriptions, sku lists and attachments instead of 405', async () => {
    const customer = emulator.credentials.customer;
    const subscription = await post('customer_subscriptions', token, {
      data: {
        type: 'customer_subscriptions',
        attributes: { customer_email: customer.email, reference: 'newsletter-weekly' },
      },
    });
    expect(subscription.status).toBe(201);
    const created = await json<Doc>(subscription);
    const linked = await apiFetch(
      emulator,
      token,
      `customer_subscriptions/${created.data.id}?include=customer`,
    );
    expect(
      (
        (await json<Doc>(linked)).data.relationships as never as {
          customer: { data: { id: string } };
        }
      ).customer.data.id,
    ).toBe(customer.id);

    const list = await post('sku_lists', token, {
      data: {
        type: 'sku_lists',
        attributes: { name: 'Wishlist' },
        relationships: { customer: { data: { type: 'customers', id: customer.id } } },
      },
    });
    expect(list.status).toBe(201);

    const attachment = await post('attachments', token, {
      data: {
        type: 'attachments',
        attributes: { name: 'Contract', url: 'https://files.example.com/c.pdf' },
        relationships: { attachable: { data: { type: 'customers', id: customer.id } } },
      },
    });
    expect(attachment.status).toBe(201);
    const attachments = await json<ListDoc>(
      await apiFetch(emulator, token, `customers/${customer.id}/attachments`),
    );
    expect(attachments.data.map((item) => item.attributes.name)).toContain('Contract');

    const missing = await post('attachments', token, {
      data: { type: 'attachments', attributes: { name: 'Orphan' } },
    });
    expect(missing.status).toBe(422);
  });
});

describe('more related writes and their owner checks', () => {
  it('creates returns, order subscriptions and payment sources from their parents', async () => {
    const placed = (
      await json<ListDoc>(
        await apiFetch(
          emulator,
          token,
          'orders?filter[q][status_eq]=placed&page[size]=1&include=customer',
        ),
      )
    ).data[0] as { id: string; relationships?: unknown };
    const order = await json<Doc>(
      await apiFetch(emulator, token, `orders/${placed.id}?include=customer`),
    );
    const customerId = (order.data.relationships as { customer: { data: { id: string } } }).customer
      .data.id;

    const created = await post('returns', token, {
      data: {
        type: 'returns',
        relationships: { order: { data: { type: 'orders', id: placed.id } } },
      },
    });
    expect(created.status).toBe(201);
    const returned = await json<Doc>(created);
    expect(returned.data.attributes).toMatchObject({
      status: 'draft',
      customer_email: order.data.attributes.customer_email,
    });
    const owner = await json<Doc>(
      await apiFetch(emulator, token, `returns/${returned.data.id}/customer`),
    );
    expect(owner.data.id).toBe(customerId);

    const subscription = await post('order_subscriptions', token, {
      data: {
        type: 'order_subscriptions',
        attributes: { frequency: 'monthly' },
        relationships: { source_order: { data: { type: 'orders', id: placed.id } } },
      },
    });
    expect(subscription.status).toBe(201);

    const source = await post('customer_payment_sources', token, {
      data: {
        type: 'customer_payment_sources',
        relationships: { customer: { data: { type: 'customers', id: customerId } } },
      },
    });
    expect(source.status).toBe(201);
    expect(
      (
        await post('customer_payment_sources', token, {
          data: { type: 'customer_payment_sources', attributes: {} },
        })
      ).status,
    ).toBe(422);
  });

  it('refuses a customer token a write that lands on another customer, and writes nothing', async () => {
    const bearer = (await customerToken(emulator)).access_token as string;
    const other = (
      await json<ListDoc>(
        await apiFetch(
          emulator,
          token,
          `customers?filter[q][id_not_eq]=${emulator.credentials.customer.id}&page[size]=1`,
        ),
      )
    ).data[0];
    const before = (await json<ListDoc>(await apiFetch(emulator, token, 'customer_subscriptions')))
      .meta.record_count;
    const refused = await post('customer_subscriptions', bearer, {
      data: {
        type: 'customer_subscriptions',
        attributes: { customer_email: other?.attributes.email, reference: 'not-mine' },
      },
    });
    expect(refused.status).toBe(401);
    const after = (await json<ListDoc>(await apiFetch(emulator, token, 'customer_subscriptions')))
      .meta.record_count;
    expect(after).toBe(before);
    const own = await post('customer_subscriptions', bearer, {
      data: {
        type: 'customer_subscriptions',
        attributes: { customer_email: emulator.credentials.customer.email, reference: 'mine' },
      },
    });
    expect(own.status).toBe(201);
    // Payment sources: the password table grants no create.
    const payment = await post('customer_payment_sources', bearer, {
      data: {
        type: 'customer_payment_sources',
        relationships: {
          customer: { data: { type: 'customers', id: emulator.credentials.customer.id } },
        },
      },
    });
    expect(payment.status).toBe(401);
  });

  it('lets a guest update draft orders but not placed ones', async () => {
    const guest = await guestToken(emulator);
    const draft = await post('orders', guest, {
      data: { type: 'orders', attributes: { customer_email: 'guest.buyer@mail.test' } },
    });
    expect(draft.status).toBe(201);
    const id = (await json<Doc>(draft)).data.id;
    const placed = await patch(`orders/${id}`, guest, {
      data: { type: 'orders', id, attributes: { _place: true } },
    });
    expect(placed.status).toBe(200);
    const again = await patch(`orders/${id}`, guest, {
      data: { type: 'orders', id, attributes: { language_code: 'it' } },
    });
    expect(again.status).toBe(404);
    expect((await apiFetch(emulator, guest, `orders/${id}`)).status).toBe(200);
  });
});

describe('draft orders and _place', () => {
  it('moves a customer from prospect to acquired to repeat; a customer with orders stays locked', async () => {
    const created = await post('customers', token, {
      data: { type: 'customers', attributes: { email: 'draft.buyer@mail.test' } },
    });
    const customer = (await json<Doc>(created)).data;
    expect(customer.attributes.status).toBe('prospect');
    const market = (await json<ListDoc>(await apiFetch(emulator, token, 'markets'))).data[0];

    const place = async () => {
      const draft = await post('orders', token, {
        data: {
          type: 'orders',
          relationships: {
            customer: { data: { type: 'customers', id: customer.id } },
            market: { data: { type: 'markets', id: market?.id } },
          },
        },
      });
      expect(draft.status).toBe(201);
      const order = (await json<Doc>(draft)).data;
      expect(order.attributes).toMatchObject({
        status: 'draft',
        customer_email: 'draft.buyer@mail.test',
        placed_at: null,
      });
      const placed = await patch(`orders/${order.id}`, token, {
        data: { type: 'orders', id: order.id, attributes: { _place: true } },
      });
      expect(placed.status).toBe(200);
      expect((await json<Doc>(placed)).data.attributes.status).toBe('placed');
      return order.id;
    };
    const status = async () =>
      (await json<Doc>(await apiFetch(emulator, token, `customers/${customer.id}`))).data
        .attributes;

    await place();
    expect(await status()).toMatchObject({ status: 'acquired', total_orders_count: 1 });
    const second = await place();
    expect(await status()).toMatchObject({ status: 'repeat', total_orders_count: 2 });

    const again = await patch(`orders/${second}`, token, {
      data: { type: 'orders', id: second, attributes: { _place: true } },
    });
    expect(again.status).toBe(422);
    const locked = await apiFetch(emulator, token, `customers/${customer.id}`, {
      method: 'DELETE',
    });
    expect(locked.status).toBe(423);
  });
});

describe('rate limits', () => {
  it('count per client IP by default, per client id as an option', async () => {
    const limited = await createEmulator({
      customers: 1,
      rateLimit: { limits: { uncacheable: { test: { burst: 2 } } } },
    });
    try {
      const integration = await integrationToken(limited);
      const customer = (await customerToken(limited)).access_token as string;
      expect((await apiFetch(limited, integration, 'customers')).status).toBe(200);
      expect((await apiFetch(limited, integration, 'customers')).status).toBe(200);
      // Same IP, another client: Commerce Layer counts per IP, so the burst is spent.
      expect((await apiFetch(limited, customer, 'customers')).status).toBe(429);

      const switched = await fetch(`${limited.adminUrl}/rate-limit`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ by: 'client' }),
      });
      expect(await switched.json()).toMatchObject({ by: 'client' });
      // Forget the counters so far.
      expect((await fetch(`${limited.adminUrl}/rate-limit`, { method: 'DELETE' })).status).toBe(
        204,
      );
      expect((await apiFetch(limited, integration, 'customers')).status).toBe(200);
      expect((await apiFetch(limited, integration, 'customers')).status).toBe(200);
      expect((await apiFetch(limited, integration, 'customers')).status).toBe(429);
      expect((await apiFetch(limited, customer, 'customers')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

/** A raw request, so the Host header can be anything. */
function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

describe('admin endpoint guard (issue 9)', () => {
  it('refuses a non-loopback Host (DNS rebinding) with 403 JSON', async () => {
    const response = await raw(`${emulator.adminUrl}/health`, {
      headers: { host: `evil.example:${emulator.port}` },
    });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ error: expect.stringContaining('loopback') });
    for (const host of [`localhost:${emulator.port}`, '127.0.0.1', `[::1]:${emulator.port}`]) {
      expect((await raw(`${emulator.adminUrl}/health`, { headers: { host } })).status).toBe(200);
    }
  });

  it('refuses a cross-site Origin and non-JSON bodies', async () => {
    const crossSite = await raw(`${emulator.adminUrl}/rate-limit`, {
      method: 'PUT',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"enabled":true}',
    });
    expect(crossSite.status).toBe(403);
    const form = await raw(`${emulator.adminUrl}/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'advanceMs=1000',
    });
    expect(form.status).toBe(415);
    const text = await fetch(`${emulator.adminUrl}/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'drop' }),
    });
    expect(text.status).toBe(415);
    expect(emulator.faults.list()).toEqual([]);
    const local = await raw(`${emulator.adminUrl}/health`, {
      headers: { origin: `http://localhost:${emulator.port}` },
    });
    expect(local.status).toBe(200);
  });
});

describe('a customer token sees only what Commerce Layer lets it see (issue 9)', () => {
  it("never sees another customer's event stores, records or group members", async () => {
    const own = emulator.credentials.customer.id;
    const bearer = (await customerToken(emulator)).access_token as string;
    const others = await json<ListDoc>(
      await apiFetch(emulator, token, `customers?filter[q][id_not_eq]=${own}&page[size]=5`),
    );
    const other = others.data[0]?.id as string;
    // Give both customers an event store row, and the same group.
    const groups = await json<ListDoc>(await apiFetch(emulator, token, 'customer_groups'));
    const shared = groups.data[0]?.id as string;
    for (const id of [own, other]) {
      await patch(`customers/${id}`, token, {
        data: {
          type: 'customers',
          id,
          attributes: { reference: `ref-${id}` },
          relationships: { customer_group: { data: { type: 'customer_groups', id: shared } } },
        },
      });
    }
    const foreign = await json<ListDoc>(
      await apiFetch(emulator, token, `customers/${other}/event_stores`),
    );
    expect(foreign.data.length).toBeGreaterThan(0);
    const foreignId = foreign.data[0]?.id;
    expect((await apiFetch(emulator, bearer, `event_stores/${foreignId}`)).status).toBe(404);
    expect((await apiFetch(emulator, bearer, `customers/${other}/event_stores`)).status).toBe(404);
    const mine = await json<ListDoc>(
      await apiFetch(emulator, bearer, `customers/${own}/event_stores`),
    );
    expect(mine.data.length).toBeGreaterThan(0);
    expect((await apiFetch(emulator, bearer, `event_stores/${mine.data[0]?.id}`)).status).toBe(200);

    // Other customers' records by id: 404.
    const foreignOrder = (
      await json<ListDoc>(await apiFetch(emulator, token, `customers/${other}/orders?page[size]=1`))
    ).data[0];
    if (foreignOrder) {
      expect((await apiFetch(emulator, bearer, `orders/${foreignOrder.id}`)).status).toBe(404);
    }
    // Through its group: only itself among the group's customers.
    const me = await json<Doc>(
      await apiFetch(emulator, bearer, `customers/${own}?include=customer_group`),
    );
    const group = (me.data.relationships as { customer_group: { data: { id: string } | null } })
      .customer_group.data;
    expect(group?.id).toBe(shared);
    if (group) {
      const members = await json<ListDoc>(
        await apiFetch(emulator, bearer, `customer_groups/${group.id}/customers`),
      );
      expect(members.data.map((member) => member.id)).toEqual([own]);
      // Nor through include: the group's other customers and their orders stay out.
      const included = (await (
        await apiFetch(emulator, bearer, `customers/${own}?include=customer_group.customers.orders`)
      ).json()) as {
        included: Array<{ type: string; id: string; attributes: Record<string, unknown> }>;
      };
      const customers = included.included.filter((item) => item.type === 'customers');
      expect(customers.every((item) => item.id === own)).toBe(true);
      const ownOrders = await json<ListDoc>(
        await apiFetch(emulator, token, `customers/${own}/orders?page[size]=25`),
      );
      const allowed = new Set(ownOrders.data.map((order) => order.id));
      const orders = included.included.filter((item) => item.type === 'orders');
      expect(orders.every((order) => allowed.has(order.id))).toBe(true);
    }
    // Compare with the integration token, which sees the whole group.
    if (group) {
      const all = await json<ListDoc>(
        await apiFetch(emulator, token, `customer_groups/${group.id}/customers`),
      );
      expect(all.data.map((member) => member.id)).toEqual(expect.arrayContaining([own, other]));
    }
  });
});
