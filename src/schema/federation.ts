import { type FieldNode, type GraphQLResolveInfo, isObjectType } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Resource } from '../upstream/types.ts';
import { normalizeEmail } from './customer/email.ts';
import { Customer } from './customer/type.ts';
import { CustomerGroup } from './customer-group.ts';
import { notFound } from './errors.ts';
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
 * a NOT_FOUND error at its index; the other entities still resolve.
 */

const plans = new WeakMap<readonly FieldNode[], Map<string, Plan>>();

/** The upstream plan of `_entities` for one type, computed once per operation. */
function entityPlan(
  ctx: Context,
  info: GraphQLResolveInfo,
  typename: string,
  upstreamType: string,
) {
  if (!ctx.loader.planning) {
    return emptyPlan(upstreamType);
  }
  let byType = plans.get(info.fieldNodes);
  if (!byType) {
    byType = new Map();
    plans.set(info.fieldNodes, byType);
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
