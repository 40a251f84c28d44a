import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomer,
  createRecord,
  createTestApi,
  type Resource,
  type TestApi,
} from './helpers.ts';

/**
 * Each predicate family is checked against the same predicate evaluated in JavaScript over every
 * record, so a filter that silently returns nothing (or everything) fails.
 */

let test: TestApi;
let customers: Resource[];
let tagsOf: Map<string, string[]>;
let groupOf: Map<string, string | null>;
let groupNames: Map<string, string>;

beforeAll(() => {
  test = createTestApi({ seed: { customers: 80, seed: 5 } });
  createCustomer(test, { email: 'under_score%percent@example.com', reference: 'odd' });
  customers = test.all('customers', 'include=tags,customer_group');
  tagsOf = new Map();
  groupOf = new Map();
  groupNames = new Map(
    test.all('customer_groups').map((group) => [group.id, String(group.attributes.name)]),
  );
  const tagNames = new Map(test.all('tags').map((tag) => [tag.id, String(tag.attributes.name)]));
  for (const customer of customers) {
    const tags = (customer.relationships.tags?.data ?? []) as { id: string }[];
    tagsOf.set(
      customer.id,
      tags.map((tag) => tagNames.get(tag.id) ?? ''),
    );
    const group = customer.relationships.customer_group?.data as { id: string } | null;
    groupOf.set(customer.id, group?.id ?? null);
  }
});

function ids(query: string): string[] {
  const response = test.get('customers', `${query}&page[size]=25`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const all = test.all('customers', query).map((customer) => customer.id);
  expect(all).toHaveLength(response.doc.meta?.record_count ?? -1);
  return all.sort();
}

function expected(predicate: (customer: Resource) => boolean): string[] {
  return customers
    .filter(predicate)
    .map((customer) => customer.id)
    .sort();
}

const attr = (customer: Resource, name: string) => customer.attributes[name];
const email = (customer: Resource) => String(attr(customer, 'email'));

describe('Ransack predicates on customers', () => {
  it('eq / not_eq / in / not_in', () => {
    const target = email(customers[3] as Resource);
    expect(ids(`filter[q][email_eq]=${target}`)).toEqual(expected((c) => email(c) === target));
    expect(ids('filter[q][status_not_eq]=prospect')).toEqual(
      expected((c) => attr(c, 'status') !== 'prospect'),
    );
    expect(ids('filter[q][status_in]=acquired,repeat')).toEqual(
      expected((c) => ['acquired', 'repeat'].includes(String(attr(c, 'status')))),
    );
    expect(ids('filter[q][status_not_in]=acquired,repeat')).toEqual(
      expected((c) => attr(c, 'status') === 'prospect'),
    );
    expect(ids('filter[q][status_eq]=repeat').length).toBeGreaterThan(0);
  });

  it('id_in with comma-separated ids', () => {
    const some = customers.slice(0, 3).map((customer) => customer.id);
    expect(ids(`filter[q][id_in]=${some.join(',')}`)).toEqual([...some].sort());
  });

  it('cont / not_cont / start / not_start / end / not_end (case-insensitive, wildcards escaped)', () => {
    expect(ids('filter[q][email_cont]=EXAMPLE')).toEqual(
      expected((c) => email(c).includes('example')),
    );
    expect(ids('filter[q][email_not_cont]=example')).toEqual(
      expected((c) => !email(c).includes('example')),
    );
    expect(ids('filter[q][email_start]=a')).toEqual(expected((c) => email(c).startsWith('a')));
    expect(ids('filter[q][email_not_start]=a')).toEqual(expected((c) => !email(c).startsWith('a')));
    expect(ids('filter[q][email_end]=.test')).toEqual(expected((c) => email(c).endsWith('.test')));
    expect(ids('filter[q][email_not_end]=.test')).toEqual(
      expected((c) => !email(c).endsWith('.test')),
    );
    expect(ids('filter[q][email_cont]=%25percent')).toHaveLength(1);
    expect(ids('filter[q][email_cont]=r_s')).toEqual(expected((c) => email(c).includes('r_s')));
  });

  it('matches / does_not_match use LIKE patterns', () => {
    expect(ids('filter[q][email_matches]=%25@example.com')).toEqual(
      expected((c) => email(c).endsWith('@example.com')),
    );
    expect(ids('filter[q][email_does_not_match]=%25@example.com')).toEqual(
      expected((c) => !email(c).endsWith('@example.com')),
    );
  });

  it('_any and _all variants', () => {
    expect(ids('filter[q][email_cont_any]=example,shop')).toEqual(
      expected((c) => email(c).includes('example') || email(c).includes('shop')),
    );
    expect(ids('filter[q][email_cont_all]=a,e')).toEqual(
      expected((c) => email(c).includes('a') && email(c).includes('e')),
    );
    expect(ids('filter[q][status_not_eq_all]=prospect,repeat')).toEqual(
      expected((c) => attr(c, 'status') === 'acquired'),
    );
    expect(ids('filter[q][email_start_any]=a,b')).toEqual(expected((c) => /^[ab]/.test(email(c))));
  });

  it('more quantified forms: lt_all, end_any, not_cont_all, matches_all, not_in_or_null', () => {
    const count = (c: Resource) => Number(attr(c, 'total_orders_count'));
    expect(ids('filter[q][total_orders_count_lt_all]=3,2')).toEqual(expected((c) => count(c) < 2));
    expect(ids('filter[q][email_end_any]=.test,.com')).toEqual(
      expected((c) => email(c).endsWith('.test') || email(c).endsWith('.com')),
    );
    expect(ids('filter[q][email_not_cont_all]=a,e')).toEqual(
      expected((c) => !email(c).includes('a') && !email(c).includes('e')),
    );
    expect(ids('filter[q][email_matches_all]=%25a%25,%25e%25')).toEqual(
      expected((c) => email(c).includes('a') && email(c).includes('e')),
    );
    expect(ids('filter[q][reference_origin_not_in_or_null]=salesforce')).toEqual(
      expected((c) => attr(c, 'reference_origin') !== 'salesforce'),
    );
  });

  it('gt / gteq / lt / lteq on integers and ISO datetimes', () => {
    const count = (c: Resource) => Number(attr(c, 'total_orders_count'));
    expect(ids('filter[q][total_orders_count_gt]=1')).toEqual(expected((c) => count(c) > 1));
    expect(ids('filter[q][total_orders_count_gteq]=1')).toEqual(expected((c) => count(c) >= 1));
    expect(ids('filter[q][total_orders_count_lt]=1')).toEqual(expected((c) => count(c) < 1));
    expect(ids('filter[q][total_orders_count_lteq]=1')).toEqual(expected((c) => count(c) <= 1));
    const pivot = '2025-01-01T00:00:00Z';
    const created = (c: Resource) => new Date(String(attr(c, 'created_at'))).getTime();
    expect(ids(`filter[q][created_at_gt]=${pivot}`)).toEqual(
      expected((c) => created(c) > Date.parse(pivot)),
    );
    expect(ids('filter[q][created_at_lteq]=2025-01-01')).toEqual(
      expected((c) => created(c) <= Date.parse(pivot)),
    );
    expect(ids('filter[q][created_at_gt_any]=2030-01-01,2025-01-01')).toEqual(
      expected((c) => created(c) > Date.parse(pivot)),
    );
  });

  it('null / not_null / present / blank', () => {
    const reference = (c: Resource) => attr(c, 'reference');
    expect(ids('filter[q][reference_null]=true')).toEqual(expected((c) => reference(c) === null));
    expect(ids('filter[q][reference_not_null]=true')).toEqual(
      expected((c) => reference(c) !== null),
    );
    expect(ids('filter[q][reference_present]=true')).toEqual(
      expected((c) => Boolean(reference(c))),
    );
    expect(ids('filter[q][reference_blank]=true')).toEqual(expected((c) => !reference(c)));
    expect(ids('filter[q][reference_null]=false')).toEqual(
      ids('filter[q][reference_not_null]=true'),
    );
  });

  it('_or_ across attributes', () => {
    expect(ids('filter[q][email_or_reference_cont]=odd')).toEqual(
      expected(
        (c) => email(c).includes('odd') || String(attr(c, 'reference') ?? '').includes('odd'),
      ),
    );
  });

  it('relationship attributes: customer_group_name_eq, customer_group_id_eq, tags_name_in, tags_id_in', () => {
    const [groupId, groupName] = [...groupNames][0] as [string, string];
    expect(ids(`filter[q][customer_group_name_eq]=${encodeURIComponent(groupName)}`)).toEqual(
      expected((c) => groupOf.get(c.id) === groupId),
    );
    expect(ids(`filter[q][customer_group_id_eq]=${groupId}`)).toEqual(
      expected((c) => groupOf.get(c.id) === groupId),
    );
    expect(ids('filter[q][tags_name_in]=vip,b2b')).toEqual(
      expected((c) => (tagsOf.get(c.id) ?? []).some((name) => name === 'vip' || name === 'b2b')),
    );
    const vip = test.all('tags', 'filter[q][name_eq]=vip')[0] as Resource;
    expect(ids(`filter[q][tags_id_in]=${vip.id}`)).toEqual(
      expected((c) => (tagsOf.get(c.id) ?? []).includes('vip')),
    );
    expect(ids('filter[q][tags_name_in]=vip').length).toBeGreaterThan(0);
  });

  it('metadata_jcont with a JSON object (containment)', () => {
    const meta = (c: Resource) => (attr(c, 'metadata') ?? {}) as Record<string, unknown>;
    expect(ids('filter[q][metadata_jcont]={"tier":"gold"}')).toEqual(
      expected((c) => meta(c).tier === 'gold'),
    );
    expect(ids('filter[q][metadata_jcont]={"tier":"gold","newsletter":true}')).toEqual(
      expected((c) => meta(c).tier === 'gold' && meta(c).newsletter === true),
    );
    const interest = customers.map(meta).find((m) => Array.isArray(m.interests))
      ?.interests as string[];
    expect(ids(`filter[q][metadata_jcont]=${JSON.stringify({ interests: interest })}`)).toEqual(
      expected(
        (c) =>
          Array.isArray(meta(c).interests) &&
          (meta(c).interests as string[]).includes(interest[0] ?? ''),
      ),
    );
  });

  it('true / false on booleans', () => {
    const address = createRecord(test, 'addresses', {
      business: true,
      company: 'ACME',
      line_1: 'Main St 1',
      city: 'Austin',
      zip_code: '73301',
      country_code: 'US',
      phone: '+1 512 555 0100',
    });
    const business = test.all('addresses', 'filter[q][business_true]=true').map((a) => a.id);
    expect(business).toContain(address.id);
    const nonBusiness = test.all('addresses', 'filter[q][business_false]=true').map((a) => a.id);
    expect(nonBusiness).not.toContain(address.id);
    expect(business.length + nonBusiness.length).toBe(test.get('addresses').doc.meta?.record_count);
  });

  it('plain filters from the metadata list: ids, customer_group_id, created_at_from/_to', () => {
    const some = customers.slice(0, 2).map((customer) => customer.id);
    expect(ids(`filter[ids]=${some.join(',')}`)).toEqual([...some].sort());
    const [groupId] = [...groupNames][0] as [string, string];
    expect(ids(`filter[customer_group_id]=${groupId}`)).toEqual(
      expected((c) => groupOf.get(c.id) === groupId),
    );
    const created = (c: Resource) => Date.parse(String(attr(c, 'created_at')));
    expect(ids('filter[created_at_from]=2024-01-01&filter[created_at_to]=2025-01-01')).toEqual(
      expected(
        (c) => created(c) >= Date.parse('2024-01-01') && created(c) <= Date.parse('2025-01-01'),
      ),
    );
  });

  it('ignores blank values, as Ransack does', () => {
    expect(ids('filter[q][email_eq]=')).toHaveLength(customers.length);
  });
});

describe('filter errors', () => {
  it.each([
    'filter[q][unicorn_eq]=1',
    'filter[q][email_frobnicate]=1',
    'filter[q][password_eq]=x',
    'filter[q][orders_number_eq]=1',
    'filter[unicorn]=1',
  ])('%s → 400 FILTER_NOT_ALLOWED', (query) => {
    const response = test.get('customers', query);
    expect(response.status).toBe(400);
    expect(response.doc.errors?.[0]).toMatchObject({ code: 'FILTER_NOT_ALLOWED', status: '400' });
    expect(response.doc.errors?.[0]?.title).toBe('Filter not allowed');
  });

  it.each([
    'filter[q][created_at_gt]=yesterday',
    'filter[q][total_orders_count_gt]=many',
    'filter[q][metadata_jcont]=not-json',
    'filter[q][reference_null]=maybe',
  ])('%s → 400 INVALID_FILTER_VALUE', (query) => {
    const response = test.get('customers', query);
    expect(response.status).toBe(400);
    expect(response.doc.errors?.[0]?.code).toBe('INVALID_FILTER_VALUE');
  });
});

describe('filters on other types', () => {
  it('filters customer addresses by country through their address', () => {
    const links = test.all('customer_addresses', 'include=address');
    const countryOf = (link: Resource) => {
      const data = link.relationships.address?.data as { id: string };
      return test.get(`addresses/${data.id}`).one.attributes.country_code;
    };
    const italian = test
      .all('customer_addresses', 'filter[country_code]=IT')
      .map((link) => link.id)
      .sort();
    expect(italian.length).toBeGreaterThan(0);
    expect(italian).toEqual(
      links
        .filter((link) => countryOf(link) === 'IT')
        .map((link) => link.id)
        .sort(),
    );
  });

  it('filters orders by status and datetime with plain and Ransack filters', () => {
    const orders = test.all('orders');
    const placed = test
      .all('orders', 'filter[status]=placed,approved')
      .map((order) => order.id)
      .sort();
    expect(placed).toEqual(
      orders
        .filter((order) => ['placed', 'approved'].includes(String(order.attributes.status)))
        .map((order) => order.id)
        .sort(),
    );
    const recent = test.all('orders', 'filter[q][placed_at_gteq]=2026-01-01T00:00:00.000Z');
    expect(recent.every((order) => String(order.attributes.placed_at) >= '2026-01-01')).toBe(true);
  });
});
