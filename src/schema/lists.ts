import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import type { QueryParams } from '../upstream/types.ts';
import { type ConnectionArgs, connectionFromPages, fingerprintOf } from './connection.ts';
import { emptyPlan, planField, toQueryParams } from './planning/plan.ts';

function flip(sort: readonly string[]): string[] {
  return sort.map((key) => (key.startsWith('-') ? key.slice(1) : `-${key}`));
}

/** A paged, planned upstream list as a connection. Shared by every root list. */
export function listConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  type: string,
  args: ConnectionArgs,
  filter: QueryParams['filter'],
  sort: string[],
) {
  const plan = ctx.loader.planning ? toQueryParams(planField(info) ?? emptyPlan(type)) : {};
  const fingerprint = fingerprintOf({ type, filter, sort });
  return connectionFromPages(args, fingerprint, (page, reversed) =>
    ctx.loader.list(type, { ...plan, filter, sort: reversed ? flip(sort) : sort, page }),
  );
}
