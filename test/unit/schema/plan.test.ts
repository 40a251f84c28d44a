import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.ts';
import {
  planField,
  planKey,
  planSelection,
  toQueryParams,
} from '../../../src/schema/planning/plan.ts';

/** A document's operation, its fragments by name and the operation's first root field. */
function rootFieldOf(document: DocumentNode) {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return { operation, fragments, field: operation.selectionSet.selections[0] as FieldNode };
}

/** Plans the selection of the first root field of `source` on `typeName`. */
function plan(source: string, typeName = 'Customer', variableValues: Record<string, unknown> = {}) {
  const { fragments, field } = rootFieldOf(parse(source));
  const type = schema.getType(typeName) as GraphQLObjectType;
  return planSelection({ schema, fragments, variableValues }, type, [field]);
}

describe('planSelection', () => {
  it('turns attributes, to-one, to-many connections and fragments into include and fields', () => {
    const result = plan(`
      query {
        customer(id: "x") {
          email
          createdAt
          customerGroup { name }
          addresses(first: 5) { nodes { address { city } } edges { node { name } } }
          ...Tags
        }
      }
      fragment Tags on Customer { tags { name } }
    `);
    expect(toQueryParams(result)).toEqual({
      include: ['customer_group', 'customer_addresses', 'customer_addresses.address', 'tags'],
      fields: {
        customers: ['created_at', 'customer_addresses', 'customer_group', 'email', 'tags'],
        customer_groups: ['name'],
        customer_addresses: ['address', 'name'],
        addresses: ['city'],
        tags: ['name'],
      },
    });
  });

  it('leaves relationships Commerce Layer cannot include to their own resolvers', () => {
    const result = plan(
      'query { customer(id: "x") { email eventStores(first: 2) { nodes { event } } } }',
    );
    expect(toQueryParams(result)).toEqual({ fields: { customers: ['email'] } });
  });

  it('honours @skip and @include with variables', () => {
    const source =
      'query($withGroup: Boolean!) { customer(id: "x") { email customerGroup @include(if: $withGroup) { name } } }';
    expect(toQueryParams(plan(source, 'Customer', { withGroup: false })).include).toBeUndefined();
    expect(toQueryParams(plan(source, 'Customer', { withGroup: true })).include).toEqual([
      'customer_group',
    ]);
  });

  it('sends no sparse fieldset for a type selected only for its id (Commerce Layer refuses `id`)', () => {
    const result = plan('query { customer(id: "x") { id customerGroup { id } } }');
    expect(toQueryParams(result)).toEqual({
      include: ['customer_group'],
      fields: { customers: ['customer_group'] },
    });
  });

  it('gives equal plans equal keys whatever the selection order', () => {
    const a = plan('query { customer(id: "x") { email tags { name } customerGroup { name } } }');
    const b = plan('query { customer(id: "x") { customerGroup { name } tags { name } email } }');
    expect(planKey(a)).toBe(planKey(b));
    const c = plan('query { customer(id: "x") { email } }');
    expect(planKey(c)).not.toBe(planKey(a));
  });
});

describe('planField: prepared plans', () => {
  /** The resolve info of the root `customer` field of `source`, as graphql-js would pass it. */
  function infoOf(document: DocumentNode, variableValues: Record<string, unknown>) {
    const { operation, fragments, field } = rootFieldOf(document);
    return {
      schema,
      fragments,
      variableValues,
      operation,
      fieldNodes: [field],
      returnType: schema.getQueryType()!.getFields().customer!.type,
    } as unknown as GraphQLResolveInfo;
  }

  const document = parse(`
    query ($id: ID!, $withGroup: Boolean!) {
      customer(id: $id) {
        email
        customerGroup @include(if: $withGroup) { name }
        ...Tags
      }
    }
    fragment Tags on Customer { tags @skip(if: $withGroup) { name } }
  `);

  it('reuses one plan for the same selection, whatever the other variables are', () => {
    const first = planField(infoOf(document, { id: 'a', withGroup: true }));
    const again = planField(infoOf(document, { id: 'b', withGroup: true }));
    expect(again).toBe(first);
    expect(toQueryParams(first!).include).toEqual(['customer_group']);
  });

  it('plans again when a @skip/@include variable changes, in the operation or a fragment', () => {
    const withGroup = planField(infoOf(document, { id: 'a', withGroup: true }));
    const without = planField(infoOf(document, { id: 'a', withGroup: false }));
    expect(without).not.toBe(withGroup);
    expect(toQueryParams(without!).include).toEqual(['tags']);
    expect(toQueryParams(withGroup!).include).toEqual(['customer_group']);
  });

  it('plans a document parsed again from the same text on its own (no key on the text)', () => {
    const text = 'query { customer(id: "x") { email } }';
    const one = planField(infoOf(parse(text), {}));
    const other = planField(infoOf(parse(text), {}));
    expect(other).not.toBe(one);
    expect(other).toEqual(one);
  });

  it('keeps at most a few variants per field', () => {
    const plans = new Set<unknown>();
    for (let round = 0; round < 2; round += 1) {
      for (let index = 0; index < 20; index += 1) {
        plans.add(
          planField(infoOf(document, { id: 'a', withGroup: index % 2 === 0 ? true : [index] })),
        );
      }
    }
    // 20 distinct values cycled twice through a bounded list: planned again on the second round.
    expect(plans.size).toBeGreaterThan(20);
  });
});
