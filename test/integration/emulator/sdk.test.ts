import { type ApiError, CommerceLayerStatic, type Customer } from '@commercelayer/sdk';
import { CommerceLayer, type CommerceLayerBundle } from '@commercelayer/sdk/bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { integrationToken } from './support.ts';

/**
 * The official SDK, unchanged, against the emulator. Its base URL is fixed to
 * `https://<organization>.commercelayer.io/api`, so the only change is a `fetch` that sends those
 * requests to the emulator instead.
 */
describe('@commercelayer/sdk 7.12.1 against the emulator', () => {
  let emulator: RunningEmulator;
  let cl: CommerceLayerBundle;
  const requestedUrls: string[] = [];

  beforeAll(async () => {
    emulator = await createEmulator({ customers: 30, rateLimit: false });
    const upstream = `https://${emulator.organization.slug}.commercelayer.io`;
    const toEmulator = (input: string | URL | Request, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      requestedUrls.push(url);
      return fetch(url.replace(upstream, emulator.url), init);
    };
    cl = CommerceLayer({
      organization: emulator.organization.slug,
      accessToken: await integrationToken(emulator),
      fetch: toEmulator,
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  const names = (tags: Iterable<{ name: string }> | null | undefined) =>
    Array.from(tags ?? [], (tag) => tag.name).sort();

  async function allCustomers(): Promise<Customer[]> {
    const all: Customer[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await cl.customers.list({ pageSize: 25, pageNumber });
      all.push(...page);
      if (!page.hasNextPage()) {
        return all;
      }
    }
  }

  it('lists with filters, sort, include and pagination', async () => {
    const everyone = await allCustomers();
    expect(everyone).toHaveLength(30);
    const repeat = everyone
      .filter((customer) => customer.status === 'repeat')
      .map((customer) => customer.email)
      .sort();
    expect(repeat.length).toBeGreaterThan(3);

    const page = await cl.customers.list({
      filters: { status_eq: 'repeat' },
      sort: { email: 'asc' },
      include: ['customer_group', 'tags'],
      pageSize: 2,
      pageNumber: 2,
    });
    expect(page.meta.recordCount).toBe(repeat.length);
    expect(page.meta.pageCount).toBe(Math.ceil(repeat.length / 2));
    expect(page.meta.currentPage).toBe(2);
    expect(page.hasPrevPage()).toBe(true);
    expect(Array.from(page, (customer) => customer.email)).toEqual(repeat.slice(2, 4));
    expect(decodeURIComponent(requestedUrls.at(-1) ?? '')).toContain('filter[q][status_eq]=repeat');

    const withGroup = await cl.customers.list({
      filters: { customer_group_id_not_null: true },
      include: ['customer_group'],
      pageSize: 25,
    });
    expect(withGroup.length).toBeGreaterThan(0);
    for (const customer of withGroup) {
      expect(customer.customer_group?.type).toBe('customer_groups');
      expect(typeof customer.customer_group?.name).toBe('string');
    }
  });

  it('retrieves one customer with sparse fields and nested includes', async () => {
    const [first] = await cl.customers.list({ pageSize: 1 });
    const id = first?.id as string;
    const sparse = await cl.customers.retrieve(id, { fields: { customers: ['email', 'status'] } });
    expect(sparse).toMatchObject({ id, type: 'customers', email: first?.email });
    expect(sparse.metadata).toBeUndefined();

    const withAddresses = await cl.customers.retrieve(id, {
      include: ['customer_addresses', 'customer_addresses.address'],
    });
    expect(withAddresses.customer_addresses?.length).toBeGreaterThan(0);
    expect(typeof withAddresses.customer_addresses?.[0]?.address?.city).toBe('string');
  });

  it('creates, updates tags with _add_tags/_remove_tags, and deletes', async () => {
    const created = await cl.customers.create({
      email: 'sdk.created@example.com',
      metadata: { source: 'sdk-test' },
    });
    expect(created).toMatchObject({
      type: 'customers',
      email: 'sdk.created@example.com',
      status: 'prospect',
      metadata: { source: 'sdk-test' },
    });

    const tagged = await cl.customers.update(
      { id: created.id, _add_tags: 'vip,loyal' },
      { include: ['tags'] },
    );
    expect(names(tagged.tags)).toEqual(['loyal', 'vip']);
    const untagged = await cl.customers.update(
      { id: created.id, _remove_tags: 'vip' },
      { include: ['tags'] },
    );
    expect(names(untagged.tags)).toEqual(['loyal']);
    const viaTrigger = await cl.customers._add_tags(created.id, 'eu', { include: ['tags'] });
    expect(names(viaTrigger.tags)).toEqual(['eu', 'loyal']);
    expect(names(await cl.customers.tags(created.id))).toEqual(['eu', 'loyal']);

    const renamed = await cl.customers.update({ id: created.id, reference: 'crm-42' });
    expect(renamed.reference).toBe('crm-42');

    await cl.customers.delete(created.id);
    await expect(cl.customers.retrieve(created.id)).rejects.toSatisfy(
      (error) => CommerceLayerStatic.isApiError(error) && error.status === 404,
    );
  });

  it('fetches relationships: orders, customer_group, customer_addresses', async () => {
    const [order] = await cl.orders.list({ include: ['customer'], pageSize: 1 });
    const customerId = order?.customer?.id as string;
    expect(customerId).toBeTruthy();
    const orders = await cl.customers.orders(customerId, { pageSize: 25 });
    expect(Array.from(orders, (each) => each.id)).toContain(order?.id);

    const [grouped] = await cl.customers.list({
      filters: { customer_group_id_not_null: true },
      include: ['customer_group'],
      pageSize: 1,
    });
    const group = await cl.customers.customer_group(grouped?.id as string);
    expect(group).toMatchObject({ type: 'customer_groups', id: grouped?.customer_group?.id });

    const addresses = await cl.customers.customer_addresses(customerId);
    expect(addresses.meta.recordCount).toBe(addresses.length);
    for (const address of addresses) {
      expect(address.type).toBe('customer_addresses');
    }
  });

  it('raises its ApiError for a 404 and a 422', async () => {
    const notFound = await cl.customers.retrieve('doesNotExi').catch((error: unknown) => error);
    expect(CommerceLayerStatic.isApiError(notFound)).toBe(true);
    expect(notFound).toMatchObject({ name: 'ApiError', type: 'response' });
    expect(notFound).toMatchObject({ status: 404 });
    expect((notFound as ApiError).first()).toMatchObject({
      code: 'RECORD_NOT_FOUND',
      status: '404',
    });

    const invalid = await cl.customers
      .create({ email: 'not-an-email' })
      .catch((error: unknown) => error);
    expect(cl.isApiError(invalid)).toBe(true);
    expect(invalid).toMatchObject({ status: 422 });
    expect((invalid as ApiError).errors).toContainEqual(
      expect.objectContaining({
        code: 'VALIDATION_ERROR',
        status: '422',
        source: { pointer: '/data/attributes/email' },
      }),
    );
  });

  it('reads the rate-limit headers through its raw response reader', async () => {
    const reader = cl.addRawResponseReader({ headers: true });
    try {
      await cl.customers.list({ pageSize: 1 });
      expect(reader.ok).toBe(true);
      expect(reader.headers).toMatchObject({
        'x-ratelimit-limit': '100',
        'x-ratelimit-interval': '60',
      });
    } finally {
      cl.removeRawResponseReader();
    }
  });
});
