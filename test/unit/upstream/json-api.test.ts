import { describe, expect, it } from 'vitest';
import {
  type CollectionDocument,
  denormalize,
  MalformedDocumentError,
  normalize,
  parseDataDocument,
  type SingleDocument,
} from '../../../src/upstream/json-api.ts';
import type { Resource } from '../../../src/upstream/types.ts';
import { fixture } from '../../helpers/json-api-test-server.ts';

const rel = (resource: Resource | null | undefined, name: string) => resource?.relationships[name];

describe('denormalize', () => {
  it('resolves nested includes of a Commerce Layer customers list', () => {
    const document = parseDataDocument(fixture('customers-list'), 'collection');
    const [john, jane] = denormalize(document);

    expect(john).toMatchObject({
      type: 'customers',
      id: 'XAyRWNUzyN',
      self: 'https://yourdomain.commercelayer.io/api/customers/XAyRWNUzyN',
      meta: { mode: 'test', organization_id: 'xRqOYFyeDo' },
    });
    expect(john?.attributes.email).toBe('john@example.com');
    const group = rel(john, 'customer_group') as Resource;
    expect(group.attributes.name).toBe('VIP');
    const addresses = rel(john, 'customer_addresses') as readonly Resource[];
    expect(addresses.map((a) => a.id)).toEqual(['zxkEXhGvZA']);
    const address = rel(addresses[0], 'address') as Resource;
    expect(address.attributes.city).toBe('New York');
    expect(address.relationships).toEqual({});
    expect(jane?.attributes.email).toBe('jane@example.com');
  });

  it('leaves out relationships that carry only links, and keeps to-one null and empty to-many', () => {
    const [john, jane] = denormalize(parseDataDocument(fixture('customers-list'), 'collection'));
    expect(john && 'orders' in john.relationships).toBe(false);
    expect(Object.keys(john?.relationships ?? {})).toEqual([
      'customer_group',
      'customer_addresses',
    ]);
    expect(jane?.relationships.customer_group).toBeNull();
    expect(jane?.relationships.customer_addresses).toEqual([]);
  });

  it('gives the same object for the same type and id, so back-references form a cycle', () => {
    const [john] = denormalize(parseDataDocument(fixture('customers-list'), 'collection'));
    const [address] = rel(john, 'customer_addresses') as readonly Resource[];
    expect(rel(address, 'customer')).toBe(john);
    expect((rel(rel(address, 'customer') as Resource, 'customer_addresses') as Resource[])[0]).toBe(
      address,
    );
  });

  it('handles a two-resource cycle in included without a primary back-reference', () => {
    const document: SingleDocument = {
      data: {
        type: 'customers',
        id: 'c1',
        relationships: { customer_group: { data: { type: 'customer_groups', id: 'g1' } } },
      },
      included: [
        {
          type: 'customer_groups',
          id: 'g1',
          relationships: { owner: { data: { type: 'customers', id: 'c2' } } },
        },
        {
          type: 'customers',
          id: 'c2',
          relationships: { customer_group: { data: { type: 'customer_groups', id: 'g1' } } },
        },
      ],
    };
    const customer = denormalize(document);
    const group = rel(customer, 'customer_group') as Resource;
    const owner = rel(group, 'owner') as Resource;
    expect(owner.id).toBe('c2');
    expect(rel(owner, 'customer_group')).toBe(group);
  });

  it('resolves a linkage missing from included to an identifier-only resource', () => {
    const document: SingleDocument = {
      data: {
        type: 'customers',
        id: 'c1',
        attributes: { email: 'a@example.com' },
        relationships: {
          customer_group: { data: { type: 'customer_groups', id: 'g9' } },
          tags: {
            data: [
              { type: 'tags', id: 't1' },
              { type: 'tags', id: 't1' },
            ],
          },
        },
      },
    };
    const customer = denormalize(document);
    expect(rel(customer, 'customer_group')).toEqual({
      type: 'customer_groups',
      id: 'g9',
      attributes: {},
      relationships: {},
      meta: {},
      linkageOnly: true,
    });
    const tags = rel(customer, 'tags') as readonly Resource[];
    expect(tags[0]).toBe(tags[1]);
    expect(customer?.linkageOnly).toBeUndefined();
  });

  it('returns null for a null primary resource and [] for an empty list', () => {
    expect(denormalize({ data: null })).toBeNull();
    const empty: CollectionDocument = { data: [], meta: { record_count: 0, page_count: 0 } };
    expect(denormalize(empty)).toEqual([]);
  });

  it('defaults attributes and meta to empty objects and omits self without links', () => {
    const resource = denormalize({ data: { type: 'tags', id: 't1' } });
    expect(resource).toEqual({
      type: 'tags',
      id: 't1',
      attributes: {},
      relationships: {},
      meta: {},
    });
  });
});

describe('parseDataDocument', () => {
  it('accepts a single document, null data and a collection', () => {
    expect(parseDataDocument(fixture('customer'), 'single').data).toMatchObject({
      id: 'XAyRWNUzyN',
    });
    expect(parseDataDocument({ data: null }, 'single').data).toBeNull();
    expect(parseDataDocument({ data: [] }, 'collection').data).toEqual([]);
  });

  it('rejects bodies that are not the expected document', () => {
    expect(() => parseDataDocument('<html>', 'single')).toThrow(MalformedDocumentError);
    expect(() => parseDataDocument(fixture('not-found-404'), 'single')).toThrow(
      MalformedDocumentError,
    );
    expect(() => parseDataDocument({ data: {} }, 'single')).toThrow(MalformedDocumentError);
    expect(() => parseDataDocument({ data: { type: 'x', id: '1' } }, 'collection')).toThrow(
      MalformedDocumentError,
    );
    expect(() => parseDataDocument({ data: [], included: [{ id: 1 }] }, 'collection')).toThrow(
      MalformedDocumentError,
    );
  });
});

describe('normalize', () => {
  it('builds a create document without id', () => {
    expect(
      normalize('customers', undefined, {
        attributes: { email: 'new@example.com', _add_tags: 'vip,b2b' },
        relationships: { customer_group: { type: 'customer_groups', id: 'g1' } },
      }),
    ).toEqual({
      data: {
        type: 'customers',
        attributes: { email: 'new@example.com', _add_tags: 'vip,b2b' },
        relationships: { customer_group: { data: { type: 'customer_groups', id: 'g1' } } },
      },
    });
  });

  it('builds an update document with id, null to clear a to-one and arrays for to-many', () => {
    expect(
      normalize('customers', 'c1', {
        relationships: {
          customer_group: null,
          tags: [
            { type: 'tags', id: 't1' },
            { type: 'tags', id: 't2' },
          ],
        },
      }),
    ).toEqual({
      data: {
        type: 'customers',
        id: 'c1',
        relationships: {
          customer_group: { data: null },
          tags: {
            data: [
              { type: 'tags', id: 't1' },
              { type: 'tags', id: 't2' },
            ],
          },
        },
      },
    });
  });

  it('leaves out absent attributes and relationships', () => {
    expect(normalize('customers', 'c1', {})).toEqual({ data: { type: 'customers', id: 'c1' } });
  });
});
