import { beforeEach, describe, expect, it } from 'vitest';
import {
  createCustomer,
  createRecord,
  createTestApi,
  type Resource,
  type TestApi,
} from './helpers.ts';

let test: TestApi;

beforeEach(() => {
  test = createTestApi();
  for (const name of [
    'vip',
    'b2b',
    'newsletter',
    'loyal',
    'eu',
    'us',
    'uk',
    'staff',
    'student',
    'gift',
    'beta',
    'early',
  ]) {
    createRecord(test, 'tags', { name });
  }
});

function patch(
  id: string,
  attributes: Record<string, unknown>,
  relationships?: Record<string, unknown>,
  query = '',
) {
  return test.patch(
    `customers/${id}`,
    { data: { type: 'customers', id, attributes, ...(relationships ? { relationships } : {}) } },
    undefined,
    query,
  );
}

function tagNames(id: string): string[] {
  return test
    .all(`customers/${id}/tags`)
    .map((tag) => String(tag.attributes.name))
    .sort();
}

function tagId(name: string): string {
  return (test.all('tags', `filter[q][name_eq]=${name}`)[0] as Resource).id;
}

describe('creating customers', () => {
  it('answers 201 with defaults, a generated shopper_reference and profile_id, and no password', () => {
    const response = test.post('customers', {
      data: {
        type: 'customers',
        attributes: { email: ' Jane.Doe@Example.COM ', password: 'secret-1' },
      },
    });
    expect(response.status).toBe(201);
    const customer = response.one;
    expect(customer.attributes).toMatchObject({
      email: 'jane.doe@example.com',
      status: 'prospect',
      has_password: true,
      total_orders_count: 0,
      metadata: {},
      anonymization_status: null,
      created_at: '2026-11-20T10:00:00.000Z',
    });
    expect(customer.attributes.shopper_reference).toEqual(expect.any(String));
    expect(customer.attributes.profile_id).toEqual(expect.any(String));
    expect(customer.attributes).not.toHaveProperty('password');
    expect(test.api.authenticateCustomer('jane.doe@example.com', 'secret-1')).toBe(customer.id);
    expect(test.api.authenticateCustomer('jane.doe@example.com', 'wrong')).toBeNull();
  });

  it('keeps a given shopper_reference and sets the customer group and tags; include works on POST', () => {
    const group = createRecord(test, 'customer_groups', { name: 'VIP' });
    const response = test.post(
      'customers',
      {
        data: {
          type: 'customers',
          attributes: { email: 'a@example.com', shopper_reference: 'shop-123', reference: 'CRM-1' },
          relationships: {
            customer_group: { data: { type: 'customer_groups', id: group.id } },
            tags: { data: [{ type: 'tags', id: tagId('vip') }] },
          },
        },
      },
      undefined,
      'include=customer_group,tags',
    );
    expect(response.status).toBe(201);
    expect(response.one.attributes.shopper_reference).toBe('shop-123');
    expect(response.one.relationships.customer_group?.data).toEqual({
      type: 'customer_groups',
      id: group.id,
    });
    expect(response.doc.included?.map((resource) => resource.type).sort()).toEqual([
      'customer_groups',
      'tags',
    ]);
  });

  it.each([
    [{}, 'blank'],
    [{ email: '' }, 'blank'],
    [{ email: 'not-an-email' }, 'invalid'],
  ])('rejects %j with 422 %s on /data/attributes/email', (attributes, error) => {
    const response = test.post('customers', { data: { type: 'customers', attributes } });
    expect(response.status).toBe(422);
    expect(response.doc.errors?.[0]).toMatchObject({
      code: 'VALIDATION_ERROR',
      status: '422',
      source: { pointer: '/data/attributes/email' },
      meta: { error },
    });
    expect(response.doc.errors?.[0]?.detail).toMatch(/^email - /);
  });

  it('rejects a taken email, whatever its case', () => {
    createCustomer(test, { email: 'taken@example.com' });
    const response = test.post('customers', {
      data: { type: 'customers', attributes: { email: 'TAKEN@example.com' } },
    });
    expect(response.status).toBe(422);
    expect(response.doc.errors?.[0]).toMatchObject({
      title: 'has already been taken',
      meta: { error: 'taken' },
      source: { pointer: '/data/attributes/email' },
    });
  });

  it.each([
    ['status', 'repeat'],
    ['has_password', true],
    ['_add_tags', 'vip'],
    ['unicorn', 1],
  ])('rejects the non-creatable attribute %s with 400 PARAM_NOT_ALLOWED', (name, value) => {
    const response = test.post('customers', {
      data: { type: 'customers', attributes: { email: 'x@example.com', [name]: value } },
    });
    expect(response.status).toBe(400);
    expect(response.doc.errors?.[0]).toMatchObject({
      code: 'PARAM_NOT_ALLOWED',
      source: { pointer: `/data/attributes/${name}` },
    });
    expect(test.api.counts().customers).toBe(0);
  });

  it('rejects malformed documents', () => {
    expect(test.post('customers', {}).doc.errors?.[0]?.code).toBe('PARAM_MISSING');
    expect(test.post('customers', { data: { type: 'orders', attributes: {} } }).status).toBe(400);
    expect(
      test.post('customers', {
        data: { type: 'customers', attributes: { email: 'x@example.com', metadata: 'no' } },
      }).status,
    ).toBe(400);
  });

  it('answers 404 for an unknown related id', () => {
    const response = test.post('customers', {
      data: {
        type: 'customers',
        attributes: { email: 'x@example.com' },
        relationships: { customer_group: { data: { type: 'customer_groups', id: 'NoSuchGrou' } } },
      },
    });
    expect(response.status).toBe(404);
    expect(response.doc.errors?.[0]).toMatchObject({
      code: 'RECORD_NOT_FOUND',
      source: { pointer: '/data/relationships/customer_group' },
    });
  });
});

describe('updating customers', () => {
  it('updates attributes, replaces metadata whole and records an event store', () => {
    const customer = createCustomer(test, { email: 'old@example.com', metadata: { a: 1, b: 2 } });
    test.clock.advance(1000);
    const response = patch(customer.id, { email: 'new@example.com', metadata: { c: 3 } });
    expect(response.status).toBe(200);
    expect(response.one.attributes).toMatchObject({
      email: 'new@example.com',
      metadata: { c: 3 },
      updated_at: '2026-11-20T10:00:01.000Z',
      created_at: '2026-11-20T10:00:00.000Z',
    });
    const events = test.get(`customers/${customer.id}/event_stores`, 'sort=created_at').list;
    expect(events.map((event) => event.attributes.event)).toEqual(['create', 'update']);
    expect(events[1]?.attributes.payload).toMatchObject({
      email: ['old@example.com', 'new@example.com'],
      metadata: [{ a: 1, b: 2 }, { c: 3 }],
    });
    expect(events[1]?.attributes.who).toMatchObject({
      application: { id: 'integration-client', kind: 'integration' },
    });
  });

  it('requires the body id to equal the URL id', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    const response = test.patch(`customers/${customer.id}`, {
      data: { type: 'customers', id: 'SomeOtherId', attributes: { email: 'b@example.com' } },
    });
    expect(response.status).toBe(400);
    expect(response.doc.errors?.[0]).toMatchObject({
      code: 'KEY_NOT_INCLUDED_IN_URL',
      status: '400',
    });
    expect(test.get(`customers/${customer.id}`).one.attributes.email).toBe('a@example.com');
  });

  it('rejects read-only attributes and a null email', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    expect(patch(customer.id, { total_orders_count: 3 }).doc.errors?.[0]?.code).toBe(
      'PARAM_NOT_ALLOWED',
    );
    expect(patch(customer.id, { email: null }).doc.errors?.[0]?.meta).toEqual({ error: 'blank' });
  });

  it('answers 404 when the customer does not exist', () => {
    expect(patch('NoSuchCust', { reference: 'x' }).status).toBe(404);
  });

  it('sets and clears the customer group', () => {
    const group = createRecord(test, 'customer_groups', { name: 'Wholesale' });
    const customer = createCustomer(test, { email: 'a@example.com' });
    patch(customer.id, {}, { customer_group: { data: { type: 'customer_groups', id: group.id } } });
    expect(test.get(`customers/${customer.id}/customer_group`).one.id).toBe(group.id);
    patch(customer.id, {}, { customer_group: { data: null } });
    expect(test.get(`customers/${customer.id}/customer_group`).doc.data).toBeNull();
  });
});

describe('tags', () => {
  it('adds existing tags by name, lower-cased, dropping unknown names and duplicates', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    const response = patch(customer.id, { _add_tags: 'VIP,b2b,unknown,vip, b2b' });
    expect(response.status).toBe(200);
    expect(tagNames(customer.id)).toEqual(['b2b', 'vip']);
    expect(test.api.counts().tags).toBe(12);
  });

  it('applies removal after addition in the same request', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    patch(customer.id, { _add_tags: 'vip,eu' });
    patch(customer.id, { _add_tags: 'b2b,uk', _remove_tags: 'vip,uk' });
    expect(tagNames(customer.id)).toEqual(['b2b', 'eu']);
  });

  it('replaces the set with the tags relationship, and clears it with an empty array', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    patch(customer.id, { _add_tags: 'vip,eu' });
    patch(customer.id, {}, { tags: { data: [{ type: 'tags', id: tagId('staff') }] } });
    expect(tagNames(customer.id)).toEqual(['staff']);
    patch(customer.id, {}, { tags: { data: [] } });
    expect(tagNames(customer.id)).toEqual([]);
  });

  it('refuses more than 10 tags with 422 and keeps the previous set', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    patch(customer.id, { _add_tags: 'vip,b2b' });
    const response = patch(customer.id, {
      email: 'changed@example.com',
      _add_tags: 'newsletter,loyal,eu,us,uk,staff,student,gift,beta',
    });
    expect(response.status).toBe(422);
    expect(response.doc.errors?.[0]).toMatchObject({
      code: 'VALIDATION_ERROR',
      source: { pointer: '/data/relationships/tags' },
      meta: { error: 'too_long', count: 10 },
    });
    // The failed request wrote nothing: not the email, not the tags, not an event store row.
    expect(test.get(`customers/${customer.id}`).one.attributes.email).toBe('a@example.com');
    expect(tagNames(customer.id)).toEqual(['b2b', 'vip']);
    expect(test.get(`customers/${customer.id}/event_stores`).doc.meta?.record_count).toBe(2);
    expect(
      patch(customer.id, {
        _add_tags: 'newsletter,loyal,eu,us,uk,staff,student,gift',
        _remove_tags: 'vip',
      }).status,
    ).toBe(200);
    expect(tagNames(customer.id)).toHaveLength(9);
  });

  it('removes associations when a tag is deleted', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    patch(customer.id, { _add_tags: 'vip,eu' });
    expect(test.del(`tags/${tagId('vip')}`).status).toBe(204);
    expect(tagNames(customer.id)).toEqual(['eu']);
  });

  it('validates tag names', () => {
    expect(
      test.post('tags', { data: { type: 'tags', attributes: { name: 'VIP' } } }).doc.errors?.[0]
        ?.meta,
    ).toMatchObject({
      error: 'taken',
    });
    expect(
      test.post('tags', { data: { type: 'tags', attributes: { name: 'has space' } } }).status,
    ).toBe(422);
    expect(
      test.post('tags', { data: { type: 'tags', attributes: { name: 'Shiny' } } }).one.attributes
        .name,
    ).toBe('shiny');
  });
});

describe('deleting customers', () => {
  it('answers 204 and then 404', () => {
    const customer = createCustomer(test, { email: 'a@example.com' });
    const response = test.del(`customers/${customer.id}`);
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(test.get(`customers/${customer.id}`).status).toBe(404);
  });

  it('answers 423 LOCKED when the customer has orders', () => {
    const seeded = createTestApi({ seed: { customers: 30, seed: 3 } });
    const withOrders = seeded.all('customers', 'filter[q][total_orders_count_gt]=0')[0] as Resource;
    const response = seeded.del(`customers/${withOrders.id}`);
    expect(response.status).toBe(423);
    expect(response.doc.errors?.[0]).toMatchObject({ code: 'LOCKED', status: '423' });
    expect(seeded.get(`customers/${withOrders.id}`).status).toBe(200);
  });
});

describe('other writable resources', () => {
  it('creates, updates and deletes customer groups, addresses and customer addresses', () => {
    const group = createRecord(test, 'customer_groups', { name: 'B2B', code: 'b2b' });
    expect(
      test.patch(`customer_groups/${group.id}`, {
        data: { type: 'customer_groups', id: group.id, attributes: { name: 'B2B+' } },
      }).one.attributes.name,
    ).toBe('B2B+');
    const customer = createCustomer(test, { email: 'a@example.com' });
    const address = createRecord(test, 'addresses', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      line_1: '12 Baker Street',
      city: 'London',
      zip_code: 'NW1 6XE',
      country_code: 'gb',
      phone: '+44 20 7946 0000',
    });
    expect(address.attributes).toMatchObject({ country_code: 'GB', full_name: 'Ada Lovelace' });
    const link = createRecord(
      test,
      'customer_addresses',
      {},
      {
        customer: { data: { type: 'customers', id: customer.id } },
        address: { data: { type: 'addresses', id: address.id } },
      },
    );
    expect(link.attributes.customer_email).toBe('a@example.com');
    const book = test.get(`customers/${customer.id}`, 'include=customer_addresses.address');
    expect(book.doc.included?.map((resource) => resource.id).sort()).toEqual(
      [address.id, link.id].sort(),
    );
    expect(test.del(`customer_addresses/${link.id}`).status).toBe(204);
    expect(test.del(`addresses/${address.id}`).status).toBe(204);
    expect(test.del(`customer_groups/${group.id}`).status).toBe(204);
  });

  it('validates addresses and customer addresses', () => {
    const missing = test.post('addresses', {
      data: { type: 'addresses', attributes: { first_name: 'A' } },
    });
    expect(missing.status).toBe(422);
    const link = test.post('customer_addresses', {
      data: { type: 'customer_addresses', attributes: {} },
    });
    expect(link.doc.errors?.[0]).toMatchObject({
      source: { pointer: '/data/relationships/customer' },
    });
  });

  it('answers 405 for writes the emulator does not support', () => {
    expect(test.post('markets', { data: { type: 'markets', attributes: {} } }).status).toBe(405);
    expect(test.del('markets/abc').status).toBe(405);
    expect(test.post('events', { data: { type: 'events', attributes: {} } }).status).toBe(405);
  });
});
