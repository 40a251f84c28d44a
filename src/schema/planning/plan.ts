import {
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getNamedType,
  isObjectType,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields.js';
import type { UpstreamFieldExtension } from '../../builder.ts';
import type { QueryParams } from '../../upstream/types.ts';

/**
 * What one upstream request must return for a selection set: the attributes of a JSON:API type and
 * the relationships to include, each with its own plan. Built from the GraphQL selection by
 * {@link planSelection}, turned into `include` + `fields[...]` by {@link toQueryParams}.
 */
export interface Plan {
  readonly type: string;
  /** Attributes and relationship names for `fields[type]`. */
  readonly fields: Set<string>;
  /** Relationships to `include`, by name. */
  readonly includes: Map<string, Plan>;
}

export function emptyPlan(type: string): Plan {
  return { type, fields: new Set(), includes: new Map() };
}

type ObjectTypeWithUpstream = GraphQLObjectType & {
  extensions: { upstreamType?: string; upstreamRetrieveOnly?: boolean };
};

/** The JSON:API type a GraphQL object type stands for (set in its `extensions.upstreamType`). */
export function upstreamTypeOf(type: GraphQLObjectType): string | undefined {
  return (type as ObjectTypeWithUpstream).extensions.upstreamType;
}

/** Whether the type's records can only be retrieved one id at a time (no list endpoint). */
export function isRetrieveOnly(type: GraphQLObjectType): boolean {
  return (type as ObjectTypeWithUpstream).extensions.upstreamRetrieveOnly === true;
}

function upstreamExtension(
  field: GraphQLField<unknown, unknown>,
): UpstreamFieldExtension | undefined {
  return (field.extensions as { upstream?: UpstreamFieldExtension }).upstream;
}

/**
 * The object type and field nodes at the "node" level under a field: the field itself for an
 * object, or `edges.node` and `nodes` for a Relay connection.
 */
export function nodeLevel(
  info: Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues'>,
  type: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
): { type: GraphQLObjectType; fieldNodes: FieldNode[] } | undefined {
  if (upstreamTypeOf(type)) {
    return { type, fieldNodes: [...fieldNodes] };
  }
  const fields = type.getFields();
  if (!('edges' in fields) && !('nodes' in fields)) {
    return undefined;
  }
  const nodeType = getNamedType(fields.nodes?.type ?? fields.edges?.type);
  const subfields = collectSubfields(
    info.schema,
    info.fragments,
    info.variableValues,
    type,
    fieldNodes,
  );
  const collected: FieldNode[] = [];
  let resolved: GraphQLObjectType | undefined;
  for (const nodes of subfields.values()) {
    const name = nodes[0]?.name.value;
    if (name === 'nodes' && isObjectType(nodeType)) {
      resolved = nodeType;
      collected.push(...nodes);
    } else if (name === 'edges') {
      const edgeType = getNamedType(fields.edges?.type);
      if (isObjectType(edgeType)) {
        const edgeFields = collectSubfields(
          info.schema,
          info.fragments,
          info.variableValues,
          edgeType,
          nodes,
        );
        for (const edgeNodes of edgeFields.values()) {
          if (edgeNodes[0]?.name.value === 'node') {
            const target = getNamedType(edgeType.getFields().node?.type);
            if (isObjectType(target)) {
              resolved = target;
              collected.push(...edgeNodes);
            }
          }
        }
      }
    }
  }
  if (!resolved && isObjectType(nodeType)) {
    resolved = nodeType;
  }
  return resolved ? { type: resolved, fieldNodes: collected } : undefined;
}

/**
 * Plans the upstream request for a selection on `type` (a GraphQL object type with an
 * `upstreamType`). Relationships marked includable become `include` entries with their own plans;
 * the others are left to their own resolvers.
 */
export function planSelection(
  info: Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues'>,
  type: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
  plan: Plan = emptyPlan(upstreamTypeOf(type) ?? type.name),
): Plan {
  if (fieldNodes.length === 0) {
    return plan;
  }
  const subfields = collectSubfields(
    info.schema,
    info.fragments,
    info.variableValues,
    type,
    fieldNodes,
  );
  const definitions = type.getFields();
  for (const nodes of subfields.values()) {
    const definition = definitions[nodes[0]?.name.value ?? ''];
    const upstream = definition ? upstreamExtension(definition) : undefined;
    if (!definition || !upstream) {
      continue;
    }
    for (const attribute of upstream.attributes ?? []) {
      plan.fields.add(attribute);
    }
    const relationship = upstream.relationship;
    if (!relationship?.includable) {
      continue;
    }
    const namedType = getNamedType(definition.type);
    if (!isObjectType(namedType)) {
      continue;
    }
    const level = nodeLevel(info, namedType, nodes);
    const targetType = level ? upstreamTypeOf(level.type) : undefined;
    if (!level || !targetType) {
      continue;
    }
    plan.fields.add(relationship.name);
    const existing = plan.includes.get(relationship.name) ?? emptyPlan(targetType);
    plan.includes.set(
      relationship.name,
      planSelection(info, level.type, level.fieldNodes, existing),
    );
  }
  return plan;
}

/** Plans the resource the current field resolves to (object or connection of objects). */
export function planField(info: GraphQLResolveInfo): Plan | undefined {
  const returnType = getNamedType(info.returnType);
  if (!isObjectType(returnType)) {
    return undefined;
  }
  const level = nodeLevel(info, returnType, info.fieldNodes);
  const upstreamType = level ? upstreamTypeOf(level.type) : undefined;
  if (!level || !upstreamType) {
    return undefined;
  }
  return planSelection(info, level.type, level.fieldNodes);
}

/** `include` paths and `fields[...]` for a plan; types seen on several paths get the union. */
export function toQueryParams(plan: Plan): Pick<QueryParams, 'include' | 'fields'> {
  const include: string[] = [];
  const fields = new Map<string, Set<string>>();
  const visit = (node: Plan, prefix: string) => {
    const set = fields.get(node.type) ?? new Set<string>();
    for (const field of node.fields) {
      set.add(field);
    }
    fields.set(node.type, set);
    for (const [name, child] of node.includes) {
      const path = prefix ? `${prefix}.${name}` : name;
      include.push(path);
      visit(child, path);
    }
  };
  visit(plan, '');
  // A type that needs nothing but its id gets no `fields[type]`: Commerce Layer refuses `id` as a
  // sparse field, and always sends the id anyway.
  return {
    ...(include.length > 0 ? { include } : {}),
    fields: Object.fromEntries(
      [...fields].filter(([, set]) => set.size > 0).map(([type, set]) => [type, [...set].sort()]),
    ),
  };
}

/** A stable key for a plan: equal plans share one DataLoader. */
export function planKey(plan: Plan): string {
  const parts = [...plan.fields].sort();
  const includes = [...plan.includes]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, child]) => `${name}(${planKey(child)})`);
  return `${plan.type}[${parts.join(',')}]{${includes.join(',')}}`;
}
