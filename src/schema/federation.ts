import {
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Resource } from '../upstream/types.ts';
import { normalizeEmail } from './customer/email.ts';
import { Customer } from './customer/type.ts';
import { CustomerGroup } from './customer-group.ts';
import { badUserInput, notFound } from './errors.ts';
import { rawId } from './filters.ts';
import { Order } from './order.ts';
import { emptyPlan, type Plan, planSelection } from './planning/plan.ts';

/**
 * Apollo Federation v2 entities. Decision (STYLE.md §2.12): an entity's key is its `id`, the same
 * opaque Relay global ID that `node(id:)` takes, so a supergraph and Relay clients share one
 * identity; `resolveReference` decodes it (a raw Commerce Layer id is accepted too). `Customer`
 * is also keyed by `email`.
 *
 * `_entities` goes through the request's loaders: N representations of one type cost
 * ceil(N / 25) upstream requests (`filter[q][id_in]`, or `filter[q][email_in]` for emails), planned
 * from the `... on Type { … }` selection like `nodes`. An unknown or forbidden entity is null with
 * a NOT_FOUND error at its index; the other entities still resolve. So does a malformed
 * representation (BAD_USER_INPUT at its index: not an object, an unknown `__typename`, no key):
 * see {@link withSafeEntities}.
 */

/**
 * Plans by execution, then by field nodes and type. Keyed by the execution's coerced variables
 * (one object per execution): yoga reuses one parsed document for every request with the same
 * text, and a plan depends on the variables (`@include(if: $withGroup)`), so a plan made for one
 * request must never serve another.
 */
const plans = new WeakMap<object, WeakMap<readonly FieldNode[], Map<string, Plan>>>();

/** The upstream plan of `_entities` for one type, computed once per execution. */
function entityPlan(
  ctx: Context,
  info: GraphQLResolveInfo,
  typename: string,
  upstreamType: string,
) {
  if (!ctx.loader.planning) {
    return emptyPlan(upstreamType);
  }
  let byExecution = plans.get(info.variableValues);
  if (!byExecution) {
    byExecution = new WeakMap();
    plans.set(info.variableValues, byExecution);
  }
  let byType = byExecution.get(info.fieldNodes);
  if (!byType) {
    byType = new Map();
    byExecution.set(info.fieldNodes, byType);
  }
  let plan = byType.get(typename);
  if (!plan) {
    const type = info.schema.getType(typename);
    plan = isObjectType(type)
      ? planSelection(info, type, info.fieldNodes, emptyPlan(upstreamType))
      : emptyPlan(upstreamType);
    byType.set(typename, plan);
  }
  return plan;
}

async function byGlobalId(
  typename: string,
  upstreamType: string,
  id: string,
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<Resource> {
  const resource = await ctx.loader.byId(
    entityPlan(ctx, info, typename, upstreamType),
    rawId(id, typename, 'representations.id'),
  );
  if (!resource) {
    throw notFound(`${typename} with id ${id}`);
  }
  return resource;
}

builder.asEntity(Customer, {
  key: [builder.selection<{ id: string }>('id'), builder.selection<{ email: string }>('email')],
  resolveReference: async (representation, ctx, info) => {
    if ('id' in representation && typeof representation.id === 'string') {
      return byGlobalId('Customer', 'customers', representation.id, ctx, info);
    }
    const email = 'email' in representation ? representation.email : undefined;
    const customer =
      typeof email === 'string' && email.trim() !== ''
        ? await ctx.loader.byUnique(
            entityPlan(ctx, info, 'Customer', 'customers'),
            'email',
            normalizeEmail(email),
          )
        : null;
    if (!customer) {
      throw notFound(`Customer with email ${JSON.stringify(email)}`);
    }
    return customer;
  },
});

builder.asEntity(CustomerGroup, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx, info) =>
    byGlobalId('CustomerGroup', 'customer_groups', id, ctx, info),
});

builder.asEntity(Order, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx, info) => byGlobalId('Order', 'orders', id, ctx, info),
});

/** The key fields of each entity type: a representation must carry one of them as a string. */
const ENTITY_KEYS: Readonly<Record<string, readonly string[]>> = {
  Customer: ['id', 'email'],
  CustomerGroup: ['id'],
  Order: ['id'],
};

/** Why a representation cannot be resolved, or undefined when it is well formed. */
function representationProblem(representation: unknown, index: number): Error | undefined {
  const argument = `representations[${index}]`;
  if (
    representation === null ||
    typeof representation !== 'object' ||
    Array.isArray(representation)
  ) {
    return badUserInput(`\`${argument}\` is not an object with a \`__typename\`.`, argument);
  }
  const fields = representation as Record<string, unknown>;
  const typename = fields.__typename;
  if (typeof typename !== 'string') {
    return badUserInput(`\`${argument}\` has no \`__typename\`.`, `${argument}.__typename`);
  }
  const keys = Object.hasOwn(ENTITY_KEYS, typename) ? ENTITY_KEYS[typename] : undefined;
  if (!keys) {
    return badUserInput(
      `\`${argument}.__typename\` is not an entity type of this subgraph.`,
      `${argument}.__typename`,
    );
  }
  if (!keys.some((key) => typeof fields[key] === 'string' && fields[key] !== '')) {
    return badUserInput(
      `\`${argument}\` needs ${keys.map((key) => `\`${key}\``).join(' or ')} as a non-empty string.`,
      argument,
    );
  }
  return undefined;
}

/**
 * Wraps the subgraph's `_entities` resolver so each representation stands alone: a malformed one
 * (see {@link representationProblem}) is a BAD_USER_INPUT error at its own index, before any
 * upstream request, and its well-formed siblings still resolve (and still share batches: they
 * are all loaded in the same tick). Without it, `@apollo/subgraph` throws a plain error for an
 * unknown `__typename`, which fails the whole list as an internal error.
 */
export function withSafeEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve as GraphQLFieldResolver<unknown, Context> | undefined;
  if (!field || !resolve) {
    return schema;
  }
  field.resolve = (source, args, ctx, info) => {
    const representations = (args as { representations: readonly unknown[] }).representations;
    return representations.map((representation, index) => {
      const problem = representationProblem(representation, index);
      if (problem) {
        return problem;
      }
      try {
        const entity = (
          resolve(source, { representations: [representation] }, ctx, info) as unknown[]
        )[0];
        // A failed entity becomes an Error item rather than a rejected promise in the list:
        // graphql-jit 0.8.x appends a rejected list item's null at the end of the list instead
        // of its own index (graphql-js handles both the same way).
        return Promise.resolve(entity).then(undefined, asError);
      } catch (error) {
        return error;
      }
    });
  };
  return schema;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
