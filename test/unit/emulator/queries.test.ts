import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, createTestApi, customerToken, type Resource, type TestApi } from './helpers.ts';

let test: TestApi;
let customers: Resource[];

beforeAll(() => {
  test = createTestApi({ seed: { customers: 60, seed: 11 } });
  customers = test.all('customers');
});

function withAddresses(): Resource {
  const found = customers.find(
    (customer) => test.all(`customers/${customer.id}/customer_addresses`).length >= 2,
  );
  if (!found) {
    throw new Error('the seed has no customer with two addresses');
  }
  return found;
}

describe('list envelope', () => {
  it('pages with a default size of 10 and counts records', () => {
    const response = test.get('customers');
    expect(response.status).toBe(200);
    expect(response.list).toHaveLength(10);
    expect(response.doc.meta).toEqual({ record_count: 60, page_count: 6 });
    expect(customers).toHaveLength(60);
  });

  it('links first/next/last on page 1, with no prev, echoing the query', () => {
    const response = test.get('customers', 'filter[q][email_cont]=e&page[size]=5');
    const links = response.doc.links ?? {};
    expect(Object.keys(links).sort()).toEqual(['first', 'last', 'next']);
    const next = new URL(links.next ?? '');
    expect(`${next.origin}${next.pathname}`).toBe(`${BASE_URL}/customers`);
    expect(next.searchParams.get('filter[q][email_cont]')).toBe('e');
    expect(next.searchParams.get('page[number]')).toBe('2');
    expect(next.searchParams.get('page[size]')).toBe('5');
    const last = new URL(links.last ?? '');
    expect(last.searchParams.get('page[number]')).toBe(String(response.doc.meta?.page_count));
  });

  it('has prev and no next on the last page', () => {
    const response = test.get('customers', 'page[size]=25&page[number]=3');
    expect(response.list).toHaveLength(10);
    expect(response.doc.links?.prev).toContain('page%5Bnumber%5D=2');
    expect(response.doc.links?.next).toBeUndefined();
  });

  it('has only first and last when everything fits in one page', () => {
    const response = test.get('customer_groups');
    expect(Object.keys(response.doc.links ?? {}).sort()).toEqual(['first', 'last']);
  });

  it.each([
    ['page[size]=26', 'INVALID_PAGE_VALUE'],
    ['page[size]=0', 'INVALID_PAGE_VALUE'],
    ['page[number]=0', 'INVALID_PAGE_VALUE'],
    ['page[number]=abc', 'INVALID_PAGE_VALUE'],
    ['page[offset]=3', 'PARAM_NOT_ALLOWED'],
  ])('rejects %s with 400 %s', (query, code) => {
    const response = test.get('customers', query);
    expect(response.status).toBe(400);
    expect(response.doc.errors?.[0]).toMatchObject({ code, status: '400' });
  });
});

describe('resource objects', () => {
  it('carry links, every fetchable attribute, relationship links and meta', () => {
    const customer = test.get(`customers/${customers[0]?.id}`).one;
    expect(customer.type).toBe('customers');
    expect(customer.id).toMatch(/^[A-Za-z]{10}$/);
    expect(customer.links.self).toBe(`${BASE_URL}/customers/${customer.id}`);
    expect(Object.keys(customer.attributes)).toEqual([
      'email',
      'status',
      'has_password',
      'total_orders_count',
      'shopper_reference',
      'profile_id',
      'tax_exemption_code',
      'created_at',
      'updated_at',
      'reference',
      'reference_origin',
      'jwt_custom_claim',
      'metadata',
      'anonymization_info',
      'anonymization_status',
    ]);
    expect(customer.attributes.password).toBeUndefined();
    expect(customer.attributes.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(customer.meta).toEqual({ mode: 'test', organization_id: 'OrgTestAbc' });
    expect(customer.relationships.customer_group).toEqual({
      links: {
        self: `${BASE_URL}/customers/${customer.id}/relationships/customer_group`,
        related: `${BASE_URL}/customers/${customer.id}/customer_group`,
      },
    });
    expect(Object.keys(customer.relationships)).toContain('event_stores');
  });

  it('answers meta.mode live for live tokens', () => {
    const response = test.get(`customers/${customers[0]?.id}`, '', {
      kind: 'integration',
      clientId: 'x',
      test: false,
      marketIds: [],
    });
    expect(response.one.meta.mode).toBe('live');
  });

  it('answers 404 RECORD_NOT_FOUND for an unknown id and for an unknown path', () => {
    const missing = test.get('customers/NoSuchIdXx');
    expect(missing.status).toBe(404);
    expect(missing.doc.errors?.[0]).toEqual({
      title: 'Record not found',
      detail: 'The requested resource was not found. Please double-check the resource id.',
      code: 'RECORD_NOT_FOUND',
      status: '404',
    });
    expect(test.get('unicorns').status).toBe(404);
    expect(test.get(`customers/${customers[0]?.id}/unicorns`).status).toBe(404);
  });
});

describe('include', () => {
  it('includes nested paths, de-duplicated, with linkage only on included relationships', () => {
    const customer = withAddresses();
    const response = test.get(
      `customers/${customer.id}`,
      'include=customer_addresses.address,tags',
    );
    const data = response.one;
    const linkage = data.relationships.customer_addresses?.data as { type: string; id: string }[];
    expect(linkage.length).toBeGreaterThanOrEqual(2);
    expect(data.relationships.tags?.data).toBeInstanceOf(Array);
    expect(data.relationships.customer_group).not.toHaveProperty('data');
    const included = response.doc.included ?? [];
    const keys = included.map((resource) => `${resource.type}:${resource.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const { id } of linkage) {
      const link = included.find(
        (resource) => resource.type === 'customer_addresses' && resource.id === id,
      );
      const address = link?.relationships.address?.data as { type: string; id: string };
      expect(address.type).toBe('addresses');
      expect(
        included.some((resource) => resource.type === 'addresses' && resource.id === address.id),
      ).toBe(true);
      expect(link?.relationships.customer).not.toHaveProperty('data');
    }
  });

  it('includes to-one relationships as an identifier or null', () => {
    const response = test.get('customers', 'include=customer_group&page[size]=25');
    const withGroup = response.list.find(
      (customer) => customer.relationships.customer_group?.data !== null,
    );
    const without = response.list.find(
      (customer) => customer.relationships.customer_group?.data === null,
    );
    expect(withGroup?.relationships.customer_group?.data).toMatchObject({
      type: 'customer_groups',
    });
    expect(without).toBeDefined();
    const groupIds = new Set(
      response.list.flatMap((customer) => {
        const data = customer.relationships.customer_group?.data as { id: string } | null;
        return data ? [data.id] : [];
      }),
    );
    expect(
      response.doc.included?.filter((resource) => resource.type === 'customer_groups'),
    ).toHaveLength(groupIds.size);
  });

  it('rejects unknown and non-includable relationships with 400 INVALID_INCLUDE', () => {
    for (const include of ['unicorns', 'event_stores', 'customer_addresses.unicorns']) {
      const response = test.get('customers', `include=${include}`);
      expect(response.status).toBe(400);
      expect(response.doc.errors?.[0]?.code).toBe('INVALID_INCLUDE');
    }
  });

  it('serves virtual jwt relationships from the token', () => {
    const markets = test.all('markets');
    const europe = markets.find((market) => market.attributes.code === 'europe');
    const customer = customers[0] as Resource;
    const auth = customerToken(customer.id, [europe?.id ?? '']);
    const response = test.get(
      `customers/${customer.id}`,
      'include=jwt_customer,jwt_markets,jwt_stock_locations',
      auth,
    );
    expect(response.status).toBe(200);
    expect(response.one.relationships.jwt_customer?.data).toEqual({
      type: 'customers',
      id: customer.id,
    });
    expect(response.one.relationships.jwt_markets?.data).toEqual([
      { type: 'markets', id: europe?.id },
    ]);
    const locations = response.one.relationships.jwt_stock_locations?.data as unknown[];
    expect(locations.length).toBeGreaterThan(0);
    const integrationView = test.get(
      `customers/${customer.id}`,
      'include=jwt_customer,jwt_markets',
    );
    expect(integrationView.one.relationships.jwt_customer?.data).toBeNull();
    expect(integrationView.one.relationships.jwt_markets?.data).toEqual([]);
  });
});

describe('sparse fieldsets', () => {
  it('keeps only the listed attributes and relationships', () => {
    const response = test.get(
      'customers',
      'fields[customers]=email,status,customer_group&page[size]=2',
    );
    for (const customer of response.list) {
      expect(Object.keys(customer.attributes)).toEqual(['email', 'status']);
      expect(Object.keys(customer.relationships)).toEqual(['customer_group']);
    }
  });

  it('needs a relationship both included and listed to include it', () => {
    const customer = withAddresses();
    const dropped = test.get(
      `customers/${customer.id}`,
      'include=customer_addresses&fields[customers]=email',
    );
    expect(dropped.one.relationships).toEqual({});
    expect(dropped.doc.included).toEqual([]);
    const kept = test.get(
      `customers/${customer.id}`,
      'include=customer_addresses.address&fields[customers]=email,customer_addresses&fields[addresses]=city',
    );
    const addresses = kept.doc.included?.filter((resource) => resource.type === 'addresses') ?? [];
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) {
      expect(Object.keys(address.attributes)).toEqual(['city']);
    }
  });

  it('rejects unknown or write-only fields with 400 INVALID_FIELD', () => {
    for (const query of ['fields[customers]=unicorn', 'fields[customers]=password']) {
      const response = test.get('customers', query);
      expect(response.status).toBe(400);
      expect(response.doc.errors?.[0]?.code).toBe('INVALID_FIELD');
    }
    expect(test.get('customers', 'fields[unicorns]=name').status).toBe(400);
  });
});

describe('sort', () => {
  it('sorts by several keys, descending with a minus', () => {
    const response = test.get('customers', 'sort=status,-created_at&page[size]=25');
    const rows = response.list.map((customer) => [
      String(customer.attributes.status),
      String(customer.attributes.created_at),
    ]);
    const sorted = [...rows].sort((a, b) =>
      a[0] === b[0] ? b[1].localeCompare(a[1]) : a[0].localeCompare(b[0]),
    );
    expect(rows).toEqual(sorted);
  });

  it('sorts by email descending across pages', () => {
    const all = test
      .all('customers', 'sort=-email')
      .map((customer) => String(customer.attributes.email));
    expect(all).toEqual([...all].sort().reverse());
  });

  it('rejects a non-sortable attribute with 400 INVALID_SORT_CRITERIA', () => {
    const response = test.get('customers', 'sort=metadata');
    expect(response.status).toBe(400);
    expect(response.doc.errors?.[0]).toMatchObject({
      code: 'INVALID_SORT_CRITERIA',
      status: '400',
    });
  });
});

describe('related endpoints', () => {
  it('lists to-many relationships paginated, sortable and filterable', () => {
    const withOrders = customers.find(
      (customer) => Number(customer.attributes.total_orders_count) >= 2,
    );
    const orders = test.get(`customers/${withOrders?.id}/orders`, 'sort=-created_at&page[size]=25');
    expect(orders.status).toBe(200);
    expect(orders.doc.meta?.record_count).toBeGreaterThanOrEqual(2);
    const dates = orders.list.map((order) => String(order.attributes.created_at));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(orders.doc.links?.first).toContain(`/customers/${withOrders?.id}/orders?`);
    const placed = test.get(
      `customers/${withOrders?.id}/orders`,
      'filter[q][placed_at_null]=false',
    );
    expect(placed.doc.meta?.record_count).toBe(withOrders?.attributes.total_orders_count);
  });

  it('answers a to-one relationship as one object or data null', () => {
    const grouped = test
      .all('customers', 'filter[q][customer_group_id_null]=false')
      .find(() => true) as Resource;
    const group = test.get(`customers/${grouped.id}/customer_group`);
    expect(group.one.type).toBe('customer_groups');
    const ungrouped = test.all(
      'customers',
      'filter[q][customer_group_id_null]=true',
    )[0] as Resource;
    expect(test.get(`customers/${ungrouped.id}/customer_group`).doc).toEqual({ data: null });
  });

  it('serves every customer relationship', () => {
    const customer = customers[0] as Resource;
    for (const name of Object.keys(customer.relationships)) {
      const response = test.get(`customers/${customer.id}/${name}`);
      expect(response.status, name).toBe(200);
    }
  });

  it('serves relationship linkage', () => {
    const customer = withAddresses();
    const response = test.get(`customers/${customer.id}/relationships/customer_addresses`);
    expect((response.doc.data as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it('shows the event store of a customer', () => {
    const anonymized = customers.find(
      (customer) => customer.attributes.anonymization_status !== null,
    );
    const events = test.get(`customers/${anonymized?.id}/event_stores`);
    expect(events.list[0]?.attributes).toMatchObject({
      resource_type: 'customers',
      resource_id: anonymized?.id,
      event: 'update',
      payload: { anonymization_status: [null, 'requested'] },
    });
  });
});

describe('every type', () => {
  it('lists, retrieves and follows every relationship of every stored type without a server error', () => {
    const types = Object.keys(test.api.counts()).filter(
      (type) => (test.api.counts()[type] ?? 0) > 0,
    );
    expect(types.length).toBeGreaterThanOrEqual(15);
    for (const type of types) {
      const list = test.get(type);
      if (type === 'event_stores') {
        expect(list.status).toBe(405);
        continue;
      }
      expect(list.status, type).toBe(200);
      const first = list.list[0] as Resource;
      expect(test.get(`${type}/${first.id}`).one.id).toBe(first.id);
      for (const [name, relationship] of Object.entries(first.relationships)) {
        const related = test.get(`${type}/${first.id}/${name}`);
        expect(related.status, `${type}/${name}`).toBe(200);
        expect(relationship.links.related).toBe(`${BASE_URL}/${type}/${first.id}/${name}`);
      }
      const includable = Object.keys(first.relationships).filter((name) => name !== 'event_stores');
      const included = test.get(`${type}/${first.id}`, `include=${includable.join(',')}`);
      expect(included.status, type).toBe(200);
    }
  });
});
