import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/upstream/types.ts';
import {
  CustomersFilteredDocument,
  type CustomersFilteredQueryVariables,
} from '../../__generated__/graphql.ts';
import { fetchAll } from '../../helpers/direct.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;
let all: Resource[];

const attr = <T>(c: Resource, name: string) => c.attributes[name] as T;
const group = (c: Resource) => c.relationships.customer_group as Resource | null;
const tagNames = (c: Resource) =>
  (c.relationships.tags as readonly Resource[]).map((t) => attr<string>(t, 'name'));
const globalId = (typename: string, id: string) =>
  Buffer.from(`${typename}:${id}`).toString('base64');

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 80 } });
  all = await fetchAll(stack, 'customers', { include: 'customer_group,tags' });
});

afterAll(async () => {
  await stack.close();
});

async function filtered(where: CustomersFilteredQueryVariables['where']) {
  const result = await stack.execute(CustomersFilteredDocument, { where, first: 100 });
  expect(result.errors).toBeUndefined();
  return {
    ids: result.data!.customers!.nodes.map((n) => n.clId).sort(),
    totalCount: result.data!.customers!.totalCount,
    upstreamRequests: result.upstreamRequests,
  };
}

function expected(predicate: (c: Resource) => boolean): string[] {
  return all
    .filter(predicate)
    .map((c) => c.id)
    .sort();
}

describe('customers(where:)', () => {
  it('has seed data varied enough to make each case meaningful', () => {
    expect(all).toHaveLength(80);
    expect(new Set(all.map((c) => attr<string>(c, 'status'))).size).toBeGreaterThan(1);
    expect(all.some((c) => group(c) !== null)).toBe(true);
    expect(all.some((c) => group(c) === null)).toBe(true);
    expect(all.some((c) => tagNames(c).length > 0)).toBe(true);
  });

  const cases: [
    string,
    () => [CustomersFilteredQueryVariables['where'], (c: Resource) => boolean],
  ][] = [
    [
      'email eq',
      () => {
        const email = attr<string>(all[3]!, 'email');
        return [{ email: { eq: email } }, (c) => attr(c, 'email') === email];
      },
    ],
    [
      'email in',
      () => {
        const emails = [attr<string>(all[1]!, 'email'), attr<string>(all[7]!, 'email')];
        return [{ email: { in: emails } }, (c) => emails.includes(attr(c, 'email'))];
      },
    ],
    [
      'email contains',
      () => {
        const part = attr<string>(all[5]!, 'email').split('@')[1]!.slice(0, 4);
        return [
          { email: { contains: part } },
          (c) => attr<string>(c, 'email').toLowerCase().includes(part.toLowerCase()),
        ];
      },
    ],
    [
      'email startsWith',
      () => {
        const prefix = attr<string>(all[9]!, 'email').slice(0, 3);
        return [
          { email: { startsWith: prefix } },
          (c) => attr<string>(c, 'email').toLowerCase().startsWith(prefix.toLowerCase()),
        ];
      },
    ],
    [
      'status in',
      () => [
        { status: { in: ['ACQUIRED', 'REPEAT'] } },
        (c) => ['acquired', 'repeat'].includes(attr(c, 'status')),
      ],
    ],
    ['status eq', () => [{ status: { eq: 'PROSPECT' } }, (c) => attr(c, 'status') === 'prospect']],
    [
      'customer group by name',
      () => {
        const name = attr<string>(
          all.find((c) => group(c))!.relationships.customer_group as Resource,
          'name',
        );
        return [
          { customerGroup: { name: { eq: name } } },
          (c) => group(c) !== null && attr(group(c)!, 'name') === name,
        ];
      },
    ],
    [
      'customer group by global id',
      () => {
        const id = (all.find((c) => group(c))!.relationships.customer_group as Resource).id;
        return [
          { customerGroup: { id: { eq: globalId('CustomerGroup', id) } } },
          (c) => group(c)?.id === id,
        ];
      },
    ],
    [
      'customer group absent',
      () => [{ customerGroup: { exists: false } }, (c) => group(c) === null],
    ],
    [
      'tags anyOf (case-insensitive names)',
      () => {
        const tag = tagNames(all.find((c) => tagNames(c).length > 0)!)[0]!;
        return [{ tags: { anyOf: [tag.toUpperCase()] } }, (c) => tagNames(c).includes(tag)];
      },
    ],
    [
      'createdAt range',
      () => {
        const sorted = all.map((c) => attr<string>(c, 'created_at')).sort();
        const from = sorted[20]!;
        const to = sorted[60]!;
        return [
          { createdAt: { gte: from, lt: to } },
          (c) => attr<string>(c, 'created_at') >= from && attr<string>(c, 'created_at') < to,
        ];
      },
    ],
    [
      'totalOrdersCount range',
      () => [{ totalOrdersCount: { gte: 2 } }, (c) => attr<number>(c, 'total_orders_count') >= 2],
    ],
    [
      'metadata containment',
      () => {
        const owner = all.find(
          (c) => Object.keys(attr<Record<string, unknown>>(c, 'metadata') ?? {}).length > 0,
        )!;
        const [key, value] = Object.entries(attr<Record<string, unknown>>(owner, 'metadata'))[0]!;
        return [
          { metadata: { [key]: value } },
          (c) =>
            JSON.stringify(attr<Record<string, unknown>>(c, 'metadata')?.[key]) ===
            JSON.stringify(value),
        ];
      },
    ],
    [
      'anonymization status present',
      () => [
        { anonymizationStatus: { exists: true } },
        (c) => attr(c, 'anonymization_status') != null,
      ],
    ],
    [
      'reference eq',
      () => {
        const owner = all.find((c) => attr(c, 'reference'))!;
        const reference = attr<string>(owner, 'reference');
        return [{ reference: { eq: reference } }, (c) => attr(c, 'reference') === reference];
      },
    ],
    [
      'search over email or reference',
      () => {
        const part = attr<string>(all[11]!, 'email').split('@')[0]!.slice(0, 5);
        return [
          { search: part },
          (c) =>
            `${attr<string>(c, 'email')}`.toLowerCase().includes(part.toLowerCase()) ||
            `${attr<string>(c, 'reference') ?? ''}`.toLowerCase().includes(part.toLowerCase()),
        ];
      },
    ],
    [
      'several conditions together (AND)',
      () => [
        { status: { in: ['ACQUIRED', 'REPEAT'] }, customerGroup: { exists: true } },
        (c) => ['acquired', 'repeat'].includes(attr(c, 'status')) && group(c) !== null,
      ],
    ],
  ];

  it.each(cases)('filters by %s exactly as the data says', async (_name, make) => {
    const [where, predicate] = make();
    const want = expected(predicate);
    expect(want.length).toBeGreaterThan(0);
    const got = await filtered(where);
    expect(got.ids).toEqual(want);
    expect(got.totalCount).toBe(want.length);
    expect(got.upstreamRequests).toBeLessThanOrEqual(4);
  });

  const refused: [string, CustomersFilteredQueryVariables['where'], string][] = [
    ['an empty in list', { email: { in: [] } }, 'where.email.in'],
    ['a comma inside an in value', { email: { in: ['a,b@example.com'] } }, 'where.email.in'],
    ['an empty string', { email: { contains: '' } }, 'where.email.contains'],
    ['empty metadata', { metadata: {} }, 'where.metadata'],
    [
      'an id of another type',
      { customerGroup: { id: { eq: globalId('Customer', 'abc') } } },
      'where.customerGroup.id.eq',
    ],
    ['a negative count', { totalOrdersCount: { gte: -1 } }, 'where.totalOrdersCount.gte'],
  ];

  it.each(refused)(
    'refuses %s with BAD_USER_INPUT before any upstream request',
    async (_name, where, argument) => {
      const result = await stack.execute(CustomersFilteredDocument, { where, first: 10 });
      expect(result.data).toEqual({ customers: null });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.argument).toBe(argument);
      expect(result.upstreamRequests).toBe(0);
    },
  );

  it('binds cursors to the filter: the next page of a filtered list continues it', async () => {
    const where: CustomersFilteredQueryVariables['where'] = {
      status: { in: ['ACQUIRED', 'REPEAT'] },
    };
    const want = expected((c) => ['acquired', 'repeat'].includes(attr(c, 'status')));
    const first = await stack.execute(CustomersFilteredDocument, { where, first: 3 });
    const next = await stack.execute(CustomersFilteredDocument, {
      where,
      first: 100,
      after: first.data!.customers!.pageInfo.endCursor,
    });
    const ids = [...first.data!.customers!.nodes, ...next.data!.customers!.nodes]
      .map((n) => n.clId)
      .sort();
    expect(ids).toEqual(want);
  });
});
