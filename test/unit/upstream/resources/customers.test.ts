import { describe, expect, it } from 'vitest';
import {
  getCustomerByEmail,
  listCustomersByIds,
} from '../../../../src/upstream/resources/customers.ts';
import type {
  QueryParams,
  Resource,
  ResourcePage,
  UpstreamSession,
} from '../../../../src/upstream/types.ts';

/** A session that answers `list` from a fixed set of customers and records the queries. */
function fakeSession(existing: readonly string[]) {
  const calls: { path: string; query: QueryParams | undefined }[] = [];
  const customer = (id: string): Resource => ({
    type: 'customers',
    id,
    attributes: { email: `${id}@example.com` },
    relationships: {},
    meta: {},
  });
  const session: UpstreamSession = {
    async list(path, query) {
      calls.push({ path, query });
      const filter = query?.filter ?? {};
      let data: Resource[] = [];
      if (Array.isArray(filter.id_in)) {
        // Upstream order is not the key order: reverse it.
        data = (filter.id_in as string[])
          .filter((id) => existing.includes(id))
          .reverse()
          .map(customer);
      } else if (typeof filter.email_eq === 'string') {
        data = existing.filter((id) => `${id}@example.com` === filter.email_eq).map(customer);
      }
      const page: ResourcePage = { data, recordCount: data.length, pageCount: 1 };
      return page;
    },
    retrieve: () => Promise.reject(new Error('not used')),
    create: () => Promise.reject(new Error('not used')),
    update: () => Promise.reject(new Error('not used')),
    delete: () => Promise.reject(new Error('not used')),
    requestCount: 0,
    writeCount: 0,
    rateLimit: undefined,
  };
  return { session, calls };
}

describe('listCustomersByIds', () => {
  it('asks once with id_in and page[size] = ids, and answers in key order with null for absent ids', async () => {
    const { session, calls } = fakeSession(['a', 'c']);

    const result = await listCustomersByIds(session, ['c', 'b', 'a', 'c'], {
      include: ['customer_group'],
    });

    expect(result.map((customer) => customer?.id ?? null)).toEqual(['c', null, 'a', 'c']);
    expect(calls).toEqual([
      {
        path: 'customers',
        query: {
          include: ['customer_group'],
          filter: { id_in: ['c', 'b', 'a'] },
          page: { number: 1, size: 3 },
        },
      },
    ]);
  });

  it('splits more than 25 ids into pages of at most 25', async () => {
    const ids = Array.from({ length: 30 }, (_, index) => `id${index}`);
    const { session, calls } = fakeSession(ids);

    const result = await listCustomersByIds(session, ids);

    expect(result.map((customer) => customer?.id)).toEqual(ids);
    expect(calls.map((call) => call.query?.page?.size)).toEqual([25, 5]);
  });

  it('makes no request for no ids', async () => {
    const { session, calls } = fakeSession([]);
    expect(await listCustomersByIds(session, [])).toEqual([]);
    expect(calls).toHaveLength(0);
  });
});

describe('getCustomerByEmail', () => {
  it('filters by email_eq with page[size]=1 and returns the match or null', async () => {
    const { session, calls } = fakeSession(['john']);

    const found = await getCustomerByEmail(session, 'john@example.com');
    const missing = await getCustomerByEmail(session, 'nobody@example.com');

    expect(found?.id).toBe('john');
    expect(missing).toBeNull();
    expect(calls[0]?.query).toEqual({
      filter: { email_eq: 'john@example.com' },
      page: { number: 1, size: 1 },
    });
  });
});
