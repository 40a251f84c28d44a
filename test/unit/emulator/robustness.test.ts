import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './helpers.ts';

/**
 * Random query strings and bodies never make the layer fail: every answer is a document or a
 * Commerce Layer error document with a 4xx status, never a 500.
 */

let test: TestApi;

beforeAll(() => {
  test = createTestApi({ seed: { customers: 15, seed: 21 } });
});

const names = fc.constantFrom(
  'email',
  'status',
  'metadata',
  'created_at',
  'tags',
  'tags_name',
  'customer_group',
  'customer_group_name',
  'customer_addresses',
  'customer_addresses.address',
  'orders',
  'id',
  'reference',
  'unicorn',
  '',
  '-email',
  'event_stores',
);
const predicates = fc.constantFrom(
  'eq',
  'in',
  'cont',
  'not_eq_all',
  'gt',
  'lteq_any',
  'null',
  'present',
  'jcont',
  'true',
  'start',
  'matches',
  'bogus',
);
const values = fc.oneof(
  fc.constantFrom('vip', 'a,b', '2025-01-01', 'true', '{"tier":"gold"}', '%', '', '1', '-3', '26'),
  fc.string({ maxLength: 8 }),
);

const parameter = fc.oneof(
  fc
    .tuple(names, predicates, values)
    .map(([name, predicate, value]) => [`filter[q][${name}_${predicate}]`, value]),
  fc
    .tuple(fc.constantFrom('include', 'sort'), fc.array(names, { maxLength: 3 }))
    .map(([key, list]) => [key, list.join(',')]),
  fc
    .tuple(
      fc.constantFrom('fields[customers]', 'fields[tags]', 'fields[nope]'),
      fc.array(names, { maxLength: 3 }),
    )
    .map(([key, list]) => [key, list.join(',')]),
  fc
    .tuple(fc.constantFrom('page[number]', 'page[size]', 'page[x]'), values)
    .map(([key, value]) => [key, value]),
  fc.tuple(
    fc.constantFrom('filter[ids]', 'filter[created_at_from]', 'filter[status]', 'filter[nope]'),
    values,
  ),
);

function expectWellFormed(status: number, body: unknown): void {
  expect(status).toBeLessThan(500);
  const document = body as {
    data?: unknown;
    errors?: { status: string; code: string; title: string; detail: string }[];
  };
  if (status >= 400) {
    expect(document.errors?.length).toBeGreaterThan(0);
    for (const error of document.errors ?? []) {
      expect(error.status).toBe(String(status));
      expect(typeof error.code).toBe('string');
      expect(typeof error.title).toBe('string');
      expect(typeof error.detail).toBe('string');
    }
  } else {
    expect(document).toHaveProperty('data');
  }
}

describe('robustness', () => {
  it('answers any combination of query parameters with a document or a 4xx error', () => {
    fc.assert(
      fc.property(
        fc.array(parameter, { maxLength: 5 }),
        fc.constantFrom('customers', 'tags', 'orders'),
        (params, path) => {
          const query = new URLSearchParams(
            params.map(([key, value]) => [key, value] as [string, string]),
          );
          const response = test.get(path, query.toString());
          expectWellFormed(response.status, response.body);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('answers any attribute payload with a document or a 4xx error, writing nothing on error', () => {
    const customer = test.all('customers')[0];
    const attribute = fc.constantFrom(
      'email',
      'password',
      'metadata',
      'reference',
      '_add_tags',
      '_remove_tags',
      '_request_anonymization',
      'status',
      'shopper_reference',
      'unicorn',
    );
    const anyValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(fc.dictionary(attribute, anyValue, { maxKeys: 3 }), (attributes) => {
        const before = test.get(`customers/${customer?.id}`).one;
        const response = test.patch(`customers/${customer?.id}`, {
          data: { type: 'customers', id: customer?.id, attributes },
        });
        expectWellFormed(response.status, response.body);
        if (response.status >= 400) {
          expect(test.get(`customers/${customer?.id}`).one).toEqual(before);
        }
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
