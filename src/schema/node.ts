import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Resource } from '../upstream/types.ts';
import { badUserInput, notFound } from './errors.ts';
import { parseGlobalId } from './filters.ts';
import {
  emptyPlan,
  isRetrieveOnly,
  type Plan,
  planSelection,
  toQueryParams,
  upstreamTypeOf,
} from './planning/plan.ts';

const MAX_NODES = 100;

/**
 * Loads nodes by global ID: ids of one type share batched `id_in` requests (25 per request), each
 * planned from the fields the query selects on that type (`... on Customer { customerGroup {…} }`).
 * Types Commerce Layer cannot list (event stores) are retrieved by id, one request each.
 */
async function loadNodes(
  ids: readonly string[],
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<(Resource | Error | null)[]> {
  // One plan per type for the whole list: the selection is the same for every id of a type.
  const plans = new Map<string, Plan>();
  return Promise.all(
    ids.map(async (globalId, index) => {
      const parsed = parseGlobalId(globalId);
      const type = parsed ? info.schema.getType(parsed.typename) : undefined;
      const upstreamType = type && isObjectType(type) ? upstreamTypeOf(type) : undefined;
      if (!parsed || !type || !isObjectType(type) || !upstreamType) {
        return badUserInput(`\`ids[${index}]\` is not a global ID of this API.`, `ids[${index}]`);
      }
      let plan = plans.get(type.name);
      if (!plan) {
        plan = ctx.loader.planning
          ? planSelection(info, type, info.fieldNodes, emptyPlan(upstreamType))
          : emptyPlan(upstreamType);
        plans.set(type.name, plan);
      }
      // A type without a list endpoint is retrieved by its own URL, one id at a time.
      const resource = isRetrieveOnly(type)
        ? await ctx.loader.retrieve(`${upstreamType}/${parsed.id}`, toQueryParams(plan))
        : await ctx.loader.byId(plan, parsed.id);
      return resource ?? notFound(`${parsed.typename} with id ${globalId}`);
    }),
  );
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description:
      'Any record by its global ID. Null, with a NOT_FOUND error, when it does not exist.',
    args: { id: t.arg.id({ required: true, description: 'A global ID (the `id` of any node).' }) },
    resolve: async (_root, args, ctx, info) => {
      const [node] = await loadNodes([String(args.id)], ctx, info);
      if (node instanceof Error) {
        throw node;
      }
      return node ?? null;
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Records by global ID, in the order asked (at most ${MAX_NODES}). A missing one is null with an error at its index.`,
    args: { ids: t.arg.idList({ required: true, description: 'Global IDs.' }) },
    resolve: async (_root, args, ctx, info) => {
      if (args.ids.length > MAX_NODES) {
        throw badUserInput(`\`ids\` lists more than ${MAX_NODES} ids.`, 'ids');
      }
      return loadNodes(args.ids.map(String), ctx, info) as Promise<never>;
    },
  }),
}));

/**
 * Every node's `id` resolved synchronously. Pothos relay's `id` field is an `async` wrapper around
 * the type's `id.resolve`, so each node on a page cost a promise, and a promise in a list item
 * sends the compiled executor down its slower asynchronous path for the whole item. Every node type
 * here takes its id from `resource.id` and uses relay's default encoding, so the field is replaced
 * by the same encoding, done at once. A type whose `id` is not the resource's own would need its
 * own resolver here: `test/unit/schema/node-ids.test.ts` checks each one against the relay resolver
 * it replaces ({@link relayIdResolverOf}).
 */
export function withSyncNodeIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) {
      continue;
    }
    const field = type.getFields().id;
    if (field?.resolve) {
      const typename = type.name;
      relayIdResolvers.set(typename, field.resolve);
      field.resolve = (resource: Resource) => encodeGlobalID(typename, resource.id);
    }
  }
  return schema;
}

const relayIdResolvers = new Map<string, GraphQLFieldResolver<unknown, unknown>>();

/** The relay `id` resolver {@link withSyncNodeIds} replaced on a type (for its test). */
export function relayIdResolverOf(typename: string) {
  return relayIdResolvers.get(typename);
}
