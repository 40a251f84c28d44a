import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAGE_SIZE,
  JSON_API_MEDIA_TYPE,
  MAX_PAGE_SIZE,
  toSearchParams,
} from '../../../src/upstream/query.ts';

describe('toSearchParams', () => {
  it('sends nothing for an empty query', () => {
    expect(toSearchParams().toString()).toBe('');
    expect(toSearchParams({ include: [], sort: [], filter: {} }).toString()).toBe('');
  });

  it('joins include paths with commas, keeping dots for nesting', () => {
    const params = toSearchParams({ include: ['customer_group', 'customer_addresses.address'] });
    expect(params.get('include')).toBe('customer_group,customer_addresses.address');
    expect(params.toString()).toBe('include=customer_group%2Ccustomer_addresses.address');
  });

  it('writes one fields[type] parameter per type', () => {
    const params = toSearchParams({
      fields: { customers: ['email', 'customer_group'], customer_groups: ['name'] },
    });
    expect([...params]).toEqual([
      ['fields[customers]', 'email,customer_group'],
      ['fields[customer_groups]', 'name'],
    ]);
    expect(params.toString()).toBe(
      'fields%5Bcustomers%5D=email%2Ccustomer_group&fields%5Bcustomer_groups%5D=name',
    );
  });

  it('wraps predicates in filter[q] and percent-encodes reserved characters', () => {
    const params = toSearchParams({ filter: { email_cont: 'a+b&c=d @x' } });
    expect(params.get('filter[q][email_cont]')).toBe('a+b&c=d @x');
    expect(params.toString()).toBe('filter%5Bq%5D%5Bemail_cont%5D=a%2Bb%26c%3Dd+%40x');
  });

  it('encodes numbers and booleans as text', () => {
    const params = toSearchParams({
      filter: { total_orders_count_gteq: 3, has_password_true: true, reference_null: false },
    });
    expect([...params]).toEqual([
      ['filter[q][total_orders_count_gteq]', '3'],
      ['filter[q][has_password_true]', 'true'],
      ['filter[q][reference_null]', 'false'],
    ]);
  });

  it('joins arrays with commas on list predicates', () => {
    const params = toSearchParams({
      filter: { status_in: ['acquired', 'repeat'], id_not_in: ['a', 'b'], email_cont_any: ['x'] },
    });
    expect(params.get('filter[q][status_in]')).toBe('acquired,repeat');
    expect(params.get('filter[q][id_not_in]')).toBe('a,b');
    expect(params.get('filter[q][email_cont_any]')).toBe('x');
  });

  it('rejects an array on a single-value predicate and a comma inside a list value', () => {
    expect(() => toSearchParams({ filter: { email_eq: ['a', 'b'] } })).toThrow(TypeError);
    expect(() => toSearchParams({ filter: { id_in: ['a,b'] } })).toThrow(TypeError);
  });

  it('JSON-stringifies objects on _jcont only', () => {
    const params = toSearchParams({ filter: { metadata_jcont: { tier: 'gold' } } });
    expect(params.get('filter[q][metadata_jcont]')).toBe('{"tier":"gold"}');
    expect(params.toString()).toBe(
      'filter%5Bq%5D%5Bmetadata_jcont%5D=%7B%22tier%22%3A%22gold%22%7D',
    );
    expect(() => toSearchParams({ filter: { metadata_eq: { tier: 'gold' } } })).toThrow(TypeError);
  });

  it('skips undefined filter values', () => {
    const filter = { email_eq: undefined } as unknown as Record<string, string>;
    expect(toSearchParams({ filter }).toString()).toBe('');
  });

  it('joins sort keys, keeping the minus for descending', () => {
    expect(toSearchParams({ sort: ['-created_at', 'email'] }).get('sort')).toBe(
      '-created_at,email',
    );
  });

  it('writes page[number] and page[size]', () => {
    const params = toSearchParams({ page: { number: 2, size: MAX_PAGE_SIZE } });
    expect(params.toString()).toBe('page%5Bnumber%5D=2&page%5Bsize%5D=25');
  });

  it('rejects page sizes the upstream would refuse', () => {
    expect(() => toSearchParams({ page: { number: 1, size: 26 } })).toThrow(RangeError);
    expect(() => toSearchParams({ page: { number: 1, size: 0 } })).toThrow(RangeError);
    expect(() => toSearchParams({ page: { number: 0, size: 10 } })).toThrow(RangeError);
    expect(() => toSearchParams({ page: { number: 1.5, size: 10 } })).toThrow(RangeError);
  });

  it('puts parameters in a fixed order whatever the input order', () => {
    const params = toSearchParams({
      page: { number: 1, size: 5 },
      sort: ['email'],
      filter: { status_eq: 'repeat' },
      fields: { customers: ['email'] },
      include: ['customer_group'],
    });
    expect([...params.keys()]).toEqual([
      'include',
      'fields[customers]',
      'filter[q][status_eq]',
      'sort',
      'page[number]',
      'page[size]',
    ]);
  });

  it('exports the Core API constants', () => {
    expect(JSON_API_MEDIA_TYPE).toBe('application/vnd.api+json');
    expect(MAX_PAGE_SIZE).toBe(25);
    expect(DEFAULT_PAGE_SIZE).toBe(10);
  });
});
