import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerIdsDocument } from '../../__generated__/graphql.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { Outcomes } from './outcomes.ts';

let stack: TestStack;
let id: string;
const outcomes = new Outcomes('faults: query bombs');

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 5 } });
  const result = await stack.execute(CustomerIdsDocument, { first: 1 });
  id = result.data!.customers!.edges[0]!.node.id;
});

afterAll(async () => {
  outcomes.print();
  await stack.close();
});

/** A document the codegen cannot type (it is built for the test), sent as is. */
function bomb(source: string): TypedDocumentNode<unknown, { id: string }> {
  return parse(source, { maxTokens: 1_000_000 }) as TypedDocumentNode<unknown, { id: string }>;
}

const deep = `query Deep($id: ID!) { customer(id: $id) { ${'jwtCustomer { '.repeat(30)}email${' }'.repeat(30)} } }`;
const aliases = `query Aliases($id: ID!) { ${Array.from({ length: 40 }, (_, i) => `a${i}: customer(id: $id) { email }`).join(' ')} }`;
const directives = `query Directives($id: ID!) { customer(id: $id) { ${Array.from({ length: 60 }, () => '... on Customer @include(if: true) { email }').join(' ')} } }`;
const huge = `query Huge($id: ID!) { customer(id: $id) { ${'email '.repeat(20_000)}} }`;

describe('query bombs are refused before any upstream request', () => {
  it.each([
    ['depth 32 (jwtCustomer inside jwtCustomer)', deep, 'QUERY_TOO_DEEP'],
    ['40 aliases', aliases, 'TOO_MANY_ALIASES'],
    ['60 directives', directives, 'TOO_MANY_DIRECTIVES'],
    ['20 000 tokens', huge, 'QUERY_TOO_LARGE'],
  ])('%s', async (label, source, code) => {
    const result = await stack.execute(bomb(source), { id });
    outcomes.recordResult(label, result);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.upstreamRequests).toBe(0);
  });

  it('still serves a reasonable query afterwards', async () => {
    const result = await stack.execute(CustomerIdsDocument, { first: 2 });
    outcomes.recordResult('ordinary query after the bombs', result);
    expect(result.errors).toBeUndefined();
  });
});
