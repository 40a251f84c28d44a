import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isListType,
  isObjectType,
  Kind,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';
import type { UpstreamFieldExtension } from '../../builder.ts';
import { DEFAULT_CONNECTION_SIZE, MAX_CONNECTION_SIZE, pagesFor } from '../connection.ts';
import { parseGlobalId } from '../filters.ts';
import { MAX_BATCH } from '../loading/resource-loader.ts';
import {
  emptyPlan,
  isRetrieveOnly,
  nodeLevel,
  planKey,
  planSelection,
  upstreamTypeOf,
} from './plan.ts';

/**
 * Predicts how many Commerce Layer requests an operation will make, before it runs, by walking
 * the operation with the same rules the planner and the loaders follow:
 *
 * - A root list (a connection) costs the upstream pages its window needs (`pagesFor`).
 * - Lookups by id (`customer(id:)`, `node`, `nodes`, `_entities`) of one type and one plan share
 *   batches of 25 ids: ceil(ids / 25). `_entities` keyed by email batch the same way.
 * - Planned, a relationship Commerce Layer can include costs 0; one it cannot (eventStores) costs
 *   its pages once per parent, the parent count being the page size asked for.
 * - Unplanned (planning off), every relationship costs one request per parent, or its pages per
 *   parent for a connection.
 * - A mutation costs 1 per write, plus the reads it makes first (`READS_BEFORE_WRITE`), plus what
 *   its payload reads beyond the write's answer (which includes what the payload selects). A
 *   field may state its own cost with `extensions.upstreamCost`.
 *
 * The estimate is what the cost limit compares with `MAX_QUERY_COST`; it is an upper bound in
 * practice (answers already in the request's cache cost nothing when it runs).
 */
export interface CostInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
  /** Whether selections are planned into include/fields (the gateway's `planning`). */
  readonly planning: boolean;
}

/** Parents of a to-many list without paging (tags: at most 10 per resource). */
export const LIST_SIZE_ESTIMATE = 10;

/**
 * How a level's records were fetched: with their includes (`included`), without them while
 * planning is on (`batched`: an includable relationship then costs one request per 25 parents), or
 * unplanned (`naive`: one request per parent).
 */
type Mode = 'included' | 'batched' | 'naive';

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: Record<string, FragmentDefinitionNode>;
  readonly variableValues: Record<string, unknown>;
  readonly planning: boolean;
  /** Lookups by key, grouped by loader: `type|key|plan` → number of keys. */
  readonly batches: Map<string, number>;
}

interface ConnectionWindowArgs {
  readonly first?: unknown;
  readonly last?: unknown;
  readonly after?: unknown;
  readonly before?: unknown;
}

/**
 * {@link estimateCostNow}, remembered per document and variable values: a client repeating an
 * operation (the common case: the same query, the same or a few variable sets) has its cost
 * computed once. Bounded per document, and variables over 1 KiB of JSON are not used as a key
 * (their cost is computed each time), so the cache cannot grow with the variety of inputs.
 */
export function estimateCost(input: CostInput): number {
  const variables = input.variables ? JSON.stringify(input.variables) : '';
  if (variables.length > MAX_COST_KEY_LENGTH) {
    return estimateCostNow(input);
  }
  const key = `${input.planning ? 1 : 0}${input.operationName ?? ''}\u0000${variables}`;
  let known = costs.get(input.document);
  if (known === undefined) {
    known = new Map();
    costs.set(input.document, known);
  }
  let cost = known.get(key);
  if (cost === undefined) {
    cost = estimateCostNow(input);
    if (known.size >= MAX_COSTS_PER_DOCUMENT) {
      known.clear();
    }
    known.set(key, cost);
  }
  return cost;
}

const MAX_COST_KEY_LENGTH = 1_024;
const MAX_COSTS_PER_DOCUMENT = 32;
/** Held by the parsed document: gone with it when yoga's parser cache drops it. */
const costs = new WeakMap<DocumentNode, Map<string, number>>();

/** The predicted number of upstream requests of an operation (0 when it cannot run). */
function estimateCostNow(input: CostInput): number {
  const operation = getOperationAST(input.document, input.operationName ?? undefined);
  if (!operation) {
    return 0;
  }
  const coerced = getVariableValues(
    input.schema,
    operation.variableDefinitions ?? [],
    input.variables ?? {},
  );
  if (coerced.errors) {
    return 0;
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[definition.name.value] = definition;
    }
  }
  const walk: Walk = {
    schema: input.schema,
    fragments,
    variableValues: coerced.coerced,
    planning: input.planning,
    batches: new Map(),
  };
  const rootType =
    operation.operation === 'query'
      ? input.schema.getQueryType()
      : operation.operation === 'mutation'
        ? input.schema.getMutationType()
        : undefined;
  if (!rootType) {
    return 0;
  }
  const rootFields = collectFields(
    input.schema,
    fragments,
    coerced.coerced,
    rootType,
    operation.selectionSet,
  );
  let cost = 0;
  for (const nodes of rootFields.values()) {
    const definition = rootType.getFields()[nodes[0]?.name.value ?? ''];
    if (!definition) {
      continue;
    }
    cost +=
      operation.operation === 'mutation'
        ? mutationFieldCost(walk, definition, nodes)
        : rootFieldCost(walk, definition, nodes);
  }
  for (const count of walk.batches.values()) {
    cost += Math.ceil(count / MAX_BATCH);
  }
  return cost;
}

function argumentsOf(
  walk: Walk,
  definition: GraphQLField<unknown, unknown>,
  node: FieldNode | undefined,
): Record<string, unknown> {
  if (!node) {
    return {};
  }
  try {
    return getArgumentValues(definition, node, walk.variableValues);
  } catch {
    return {};
  }
}

function statedCost(definition: GraphQLField<unknown, unknown>): number | undefined {
  const stated = (definition.extensions as { upstreamCost?: unknown }).upstreamCost;
  return typeof stated === 'number' && stated >= 0 ? stated : undefined;
}

function addBatch(walk: Walk, key: string, count: number): void {
  walk.batches.set(key, (walk.batches.get(key) ?? 0) + count);
}

/** The loader key a by-id lookup of `type` with this selection uses. */
function lookupKey(walk: Walk, type: GraphQLObjectType, nodes: readonly FieldNode[]): string {
  const upstreamType = upstreamTypeOf(type) ?? type.name;
  if (!walk.planning) {
    return upstreamType;
  }
  return planKey(planSelection(walk, type, nodes, emptyPlan(upstreamType)));
}

function rootFieldCost(
  walk: Walk,
  definition: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
): number {
  const stated = statedCost(definition);
  const args = argumentsOf(walk, definition, nodes[0]);
  const mode: Mode = walk.planning ? 'included' : 'naive';
  if (definition.name === '_entities') {
    return (stated ?? 0) + entitiesCost(walk, args.representations, nodes);
  }
  if (definition.name === 'node' || definition.name === 'nodes') {
    const ids = definition.name === 'node' ? [args.id] : Array.isArray(args.ids) ? args.ids : [];
    return (stated ?? 0) + globalIdCost(walk, ids, nodes);
  }
  const named = getNamedType(definition.type);
  if (!isObjectType(named)) {
    return stated ?? 0;
  }
  const level = nodeLevel(walk, named, nodes);
  if (!level || !upstreamTypeOf(level.type)) {
    return (stated ?? 0) + objectCost(walk, named, nodes, 1, mode);
  }
  if (level.type !== named) {
    // A root list: its pages, and each record of the window is a parent below.
    const window = windowOf(args);
    return (
      (stated ?? window.pages) + objectCost(walk, level.type, level.fieldNodes, window.size, mode)
    );
  }
  if (definition.args.some((arg) => arg.name === 'id')) {
    addBatch(walk, `id|${lookupKey(walk, named, nodes)}`, 1);
    return (stated ?? 0) + objectCost(walk, named, nodes, 1, mode);
  }
  return (stated ?? 1) + objectCost(walk, named, nodes, 1, mode);
}

/**
 * Reads a mutation makes before its write, as its description states: the current tags, the
 * visibility read and the current metadata (read-modify-write under the customer's lock), the
 * visibility read of an update that replaces metadata, or the ids of the tag names a new customer
 * gets.
 */
const READS_BEFORE_WRITE: Readonly<Record<string, (args: Record<string, unknown>) => number>> = {
  // With createMissing: the tags' lookup and one POST per name, at most (only missing ones).
  customerTagsAdd: (args) =>
    args.createMissing === true && Array.isArray(args.tags) ? 2 + args.tags.length : 1,
  customerMetadataMerge: () => 2,
  customerMetadataRemove: () => 2,
  customerUpdate: (args) => {
    const input = args.input as Record<string, unknown> | undefined;
    return input !== undefined && 'metadata' in input ? 1 : 0;
  },
  customerCreate: (args) => {
    const tags = (args.input as { tags?: unknown } | undefined)?.tags;
    return Array.isArray(tags) ? 1 : 0;
  },
};

function mutationFieldCost(
  walk: Walk,
  definition: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
): number {
  const named = getNamedType(definition.type);
  const reads = isObjectType(named)
    ? objectCost(walk, named, nodes, 1, walk.planning ? 'included' : 'naive')
    : 0;
  const before =
    READS_BEFORE_WRITE[definition.name]?.(argumentsOf(walk, definition, nodes[0])) ?? 0;
  return (statedCost(definition) ?? 1 + before) + reads;
}

/** `_entities`: batches per type and key (id or email); returns what the selections add. */
function entitiesCost(walk: Walk, representations: unknown, nodes: readonly FieldNode[]): number {
  const groups = new Map<string, { type: GraphQLObjectType; key: string; count: number }>();
  for (const representation of Array.isArray(representations) ? representations : []) {
    const typename = (representation as { __typename?: unknown } | null)?.__typename;
    const type = typeof typename === 'string' ? walk.schema.getType(typename) : undefined;
    if (!isObjectType(type) || !upstreamTypeOf(type)) {
      continue;
    }
    const key = 'id' in (representation as object) ? 'id' : 'email';
    const group = groups.get(`${type.name}|${key}`) ?? { type, key, count: 0 };
    group.count += 1;
    groups.set(`${type.name}|${key}`, group);
  }
  let cost = 0;
  for (const { type, key, count } of groups.values()) {
    addBatch(walk, `${key}|${lookupKey(walk, type, nodes)}`, count);
    cost += objectCost(walk, type, nodes, count, walk.planning ? 'included' : 'naive');
  }
  return cost;
}

/** `node`/`nodes`: batches per type of the global IDs; returns what the selections add. */
function globalIdCost(walk: Walk, ids: readonly unknown[], nodes: readonly FieldNode[]): number {
  const counts = new Map<GraphQLObjectType, number>();
  for (const id of ids) {
    const parsed = typeof id === 'string' ? parseGlobalId(id) : undefined;
    const type = parsed ? walk.schema.getType(parsed.typename) : undefined;
    if (isObjectType(type) && upstreamTypeOf(type)) {
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
  }
  let cost = 0;
  for (const [type, count] of counts) {
    if (isRetrieveOnly(type)) {
      cost += count;
    } else {
      addBatch(walk, `id|${lookupKey(walk, type, nodes)}`, count);
    }
    cost += objectCost(walk, type, nodes, count, walk.planning ? 'included' : 'naive');
  }
  return cost;
}

/** The size of a connection window and the upstream pages it costs, as `connection.ts` fetches. */
export function windowOf(
  args: ConnectionWindowArgs,
  reversible = true,
): { size: number; pages: number } {
  const clamp = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value)
      ? Math.min(Math.max(Math.trunc(value), 0), MAX_CONNECTION_SIZE)
      : undefined;
  const first = clamp(args.first);
  const last = clamp(args.last);
  const start = typeof args.after === 'string' ? offsetOf(args.after) + 1 : 0;
  let end = typeof args.before === 'string' ? Math.max(offsetOf(args.before), start) : undefined;
  if (first !== undefined) {
    end = end === undefined ? start + first : Math.min(end, start + first);
  }
  if (last !== undefined && end === undefined) {
    // `last` without `before`: newest first when the list can be reversed, else one more request
    // to learn the total.
    return { size: last, pages: pagesFor(0, last).length + (reversible ? 0 : 1) };
  }
  let from = start;
  if (last !== undefined && end !== undefined) {
    from = Math.max(start, end - last);
  }
  const to = end ?? from + DEFAULT_CONNECTION_SIZE;
  return { size: to - from, pages: pagesFor(from, to - from).length };
}

/** The offset in a cursor this API issued (0 when unreadable: the resolver refuses it anyway). */
function offsetOf(cursor: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(decoded) && Number.isInteger(decoded[0]) && decoded[0] >= 0
      ? (decoded[0] as number)
      : 0;
  } catch {
    return 0;
  }
}

function relationshipOf(
  definition: GraphQLField<unknown, unknown>,
): UpstreamFieldExtension['relationship'] {
  return (definition.extensions as { upstream?: UpstreamFieldExtension }).upstream?.relationship;
}

/**
 * The requests the fields selected on `count` records of `type` add, given how those records
 * were fetched.
 */
function objectCost(
  walk: Walk,
  type: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
  count: number,
  mode: Mode,
): number {
  if (count <= 0 || fieldNodes.length === 0) {
    return 0;
  }
  const subfields = collectSubfields(
    walk.schema,
    walk.fragments,
    walk.variableValues,
    type,
    fieldNodes,
  );
  let cost = 0;
  for (const nodes of subfields.values()) {
    const definition = type.getFields()[nodes[0]?.name.value ?? ''];
    if (!definition) {
      continue;
    }
    const stated = statedCost(definition);
    const named = getNamedType(definition.type);
    if (!isObjectType(named)) {
      cost += (stated ?? 0) * count;
      continue;
    }
    const relationship = relationshipOf(definition);
    if (!relationship) {
      cost += (stated ?? 0) * count + objectCost(walk, named, nodes, count, mode);
      continue;
    }
    const level = nodeLevel(walk, named, nodes);
    if (!level) {
      continue;
    }
    const isConnection = level.type !== named;
    const window = isConnection
      ? windowOf(argumentsOf(walk, definition, nodes[0]), false)
      : undefined;
    const perParent = window
      ? window.size
      : isListType(getNullableType(definition.type))
        ? LIST_SIZE_ESTIMATE
        : 1;
    let own: number;
    let childMode: Mode;
    if (!relationship.includable) {
      // Fetched from the related endpoint, page by page, for each parent; without includes.
      own = count * (window?.pages ?? 1);
      childMode = walk.planning ? 'batched' : 'naive';
    } else if (mode === 'included') {
      own = 0;
      childMode = 'included';
    } else if (mode === 'batched') {
      own = Math.ceil(count / MAX_BATCH);
      childMode = 'included';
    } else {
      own = count * (window?.pages ?? 1);
      childMode = 'naive';
    }
    cost +=
      (stated ?? own) +
      objectCost(walk, level.type, level.fieldNodes, count * perParent, childMode);
  }
  return cost;
}
