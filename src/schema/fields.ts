import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Resource } from '../upstream/types.ts';
import {
  type Connection,
  type ConnectionArgs,
  connectionFromArray,
  connectionFromPages,
} from './connection.ts';
import { emptyPlan, planField } from './planning/plan.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
/** The field builder of a type backed by an upstream resource. */
export type ResourceFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, Resource>;
type ResourceRef = PothosSchemaTypes.ObjectRef<Types, Resource>;

interface AttributeOptions {
  readonly description: string;
  /** Attributes are nullable unless Commerce Layer always sends them. */
  readonly nullable?: boolean;
}

const upstream = (attribute: string) => ({ upstream: { attributes: [attribute] } });

function read<T>(resource: Resource, attribute: string): T | null {
  return (resource.attributes[attribute] as T | undefined) ?? null;
}

/** A String field read from an upstream attribute. */
export function stringAttribute(
  t: ResourceFieldBuilder,
  attribute: string,
  options: AttributeOptions,
) {
  return t.string({
    description: options.description,
    nullable: options.nullable ?? true,
    extensions: upstream(attribute),
    resolve: (resource) => read<string>(resource, attribute) as string,
  });
}

export function intAttribute(
  t: ResourceFieldBuilder,
  attribute: string,
  options: AttributeOptions,
) {
  return t.int({
    description: options.description,
    nullable: options.nullable ?? true,
    extensions: upstream(attribute),
    resolve: (resource) => read<number>(resource, attribute) as number,
  });
}

export function floatAttribute(
  t: ResourceFieldBuilder,
  attribute: string,
  options: AttributeOptions,
) {
  return t.float({
    description: options.description,
    nullable: options.nullable ?? true,
    extensions: upstream(attribute),
    resolve: (resource) => read<number>(resource, attribute) as number,
  });
}

export function booleanAttribute(
  t: ResourceFieldBuilder,
  attribute: string,
  options: AttributeOptions,
) {
  return t.boolean({
    description: options.description,
    nullable: options.nullable ?? true,
    extensions: upstream(attribute),
    resolve: (resource) => read<boolean>(resource, attribute) as boolean,
  });
}

/**
 * Commerce Layer sends ISO 8601 datetimes, except inside `anonymization_info`, which uses
 * `2025-03-15 11:39:21 UTC`. Both become a DateTime.
 */
export function toDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  const date = new Date(value.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/, '$1T$2Z'));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function dateTimeAttribute(
  t: ResourceFieldBuilder,
  attribute: string,
  options: AttributeOptions,
) {
  return t.field({
    type: 'DateTime',
    description: options.description,
    nullable: options.nullable ?? true,
    extensions: upstream(attribute),
    resolve: (resource) => toDate(resource.attributes[attribute]) as Date,
  });
}

export function jsonAttribute(
  t: ResourceFieldBuilder,
  attribute: string,
  options: AttributeOptions,
) {
  return t.field({
    type: 'JSONObject',
    description: options.description,
    nullable: options.nullable ?? true,
    extensions: upstream(attribute),
    resolve: (resource) =>
      read<Record<string, unknown>>(resource, attribute) as Record<string, unknown>,
  });
}

/** An enum field: the upstream's lower-case value mapped to the GraphQL enum's value. */
export function enumAttribute<E extends string>(
  t: ResourceFieldBuilder,
  attribute: string,
  type: PothosSchemaTypes.EnumRef<Types, E>,
  options: AttributeOptions,
) {
  return t.field({
    type,
    description: options.description,
    nullable: options.nullable ?? true,
    extensions: upstream(attribute),
    // biome-ignore lint/suspicious/noExplicitAny: the enum's value type is generic here
    resolve: (resource) => read<E>(resource, attribute) as any,
  });
}

/** The fields every Commerce Layer resource has: raw id, timestamps, reference, metadata, mode. */
export function commonFields(t: ResourceFieldBuilder, noun: string) {
  return {
    clId: t.string({
      description: `The Commerce Layer id of the ${noun} (\`id\` is the Relay global ID).`,
      resolve: (resource) => resource.id,
    }),
    createdAt: dateTimeAttribute(t, 'created_at', {
      description: `When the ${noun} was created.`,
      nullable: false,
    }),
    updatedAt: dateTimeAttribute(t, 'updated_at', {
      description: `When the ${noun} was last updated.`,
      nullable: false,
    }),
    reference: stringAttribute(t, 'reference', {
      description: 'An external identifier of the resource (ERP, CRM, marketing tool…).',
    }),
    referenceOrigin: stringAttribute(t, 'reference_origin', {
      description: 'The third-party system that defines `reference`.',
    }),
    metadata: jsonAttribute(t, 'metadata', {
      description: 'Key-value pairs attached to the resource.',
    }),
  };
}

interface RelationshipOptions {
  readonly relationship: string;
  readonly type: ResourceRef;
  readonly upstreamType: string;
  readonly description: string;
  /** False for relationships Commerce Layer cannot `include` (event_stores). */
  readonly includable?: boolean;
}

/** A to-one relationship: included with its parent when planned, else one request per parent. */
export function toOne(t: ResourceFieldBuilder, options: RelationshipOptions) {
  const includable = options.includable ?? true;
  return t.field({
    type: options.type,
    nullable: true,
    description: options.description,
    extensions: { upstream: { relationship: { name: options.relationship, includable } } },
    resolve: (parent, _args, ctx, info) => {
      // Included with the parent (the planned case): no plan, no promise.
      const included = includedOf(parent, options.relationship);
      if (included !== undefined) {
        return included as Resource | null;
      }
      const plan = planField(info) ?? emptyPlan(options.upstreamType);
      return ctx.loader.related(
        parent,
        options.relationship,
        plan,
        false,
      ) as Promise<Resource | null>;
    },
  });
}

/** A to-many relationship as a plain list (tags: at most 10 per resource). */
export function toManyList(t: ResourceFieldBuilder, options: RelationshipOptions) {
  const includable = options.includable ?? true;
  return t.field({
    type: [options.type],
    // Nullable so that a failed relationship nulls only itself, not its parent.
    nullable: true,
    description: options.description,
    extensions: { upstream: { relationship: { name: options.relationship, includable } } },
    resolve: (parent, _args, ctx, info) => {
      const included = includedOf(parent, options.relationship);
      if (included !== undefined) {
        return included as Resource[];
      }
      const plan = planField(info) ?? emptyPlan(options.upstreamType);
      return ctx.loader.related(parent, options.relationship, plan, true) as Promise<Resource[]>;
    },
  });
}

/**
 * A relationship the upstream sent with `parent` (its linkage was in the answer): the related
 * resource, null, or the list; undefined when it was not included.
 */
function includedOf(
  parent: Resource,
  relationship: string,
): Resource | null | readonly Resource[] | undefined {
  const value = parent.relationships[relationship];
  return value !== undefined || relationship in parent.relationships ? (value ?? null) : undefined;
}

/** Resolves a to-many relationship as a Relay connection. */
export function resolveToManyConnection(
  parent: Resource,
  args: ConnectionArgs,
  ctx: Context,
  info: GraphQLResolveInfo,
  options: Pick<RelationshipOptions, 'relationship' | 'upstreamType' | 'includable'>,
): Connection<Resource> | Promise<Connection<Resource>> {
  const includable = options.includable ?? true;
  const included = includable ? includedOf(parent, options.relationship) : undefined;
  if (included !== undefined) {
    return connectionFromArray((included ?? []) as readonly Resource[], args);
  }
  return resolveToManyConnectionUpstream(parent, args, ctx, info, options);
}

async function resolveToManyConnectionUpstream(
  parent: Resource,
  args: ConnectionArgs,
  ctx: Context,
  info: GraphQLResolveInfo,
  options: Pick<RelationshipOptions, 'relationship' | 'upstreamType' | 'includable'>,
): Promise<Connection<Resource>> {
  const includable = options.includable ?? true;
  if (includable && (ctx.loader.planning || options.relationship in parent.relationships)) {
    const plan = planField(info) ?? emptyPlan(options.upstreamType);
    const items = (await ctx.loader.related(
      parent,
      options.relationship,
      plan,
      true,
    )) as Resource[];
    return connectionFromArray(items, args);
  }
  const path = `${parent.type}/${parent.id}/${options.relationship}`;
  return connectionFromPages(args, 'related', (page) => ctx.loader.list(path, { page }), {
    reversible: false,
  });
}

const connections = new Map<string, ReturnType<typeof makeConnection>>();

function makeConnection(type: ResourceRef, name: string) {
  return builder.connectionObject({
    type,
    name: `${name}Connection`,
    description: `A page of ${name} records, with cursors to move through the rest.`,
    fields: (c) => ({
      totalCount: c.int({
        description: 'How many records match, on every page.',
        resolve: (connection) => (connection as unknown as Connection<Resource>).totalCount,
      }),
    }),
  });
}

/** The shared `XConnection` type of a resource type (created once). */
export function connectionOf(type: ResourceRef, name: string) {
  let connection = connections.get(name);
  if (!connection) {
    connection = makeConnection(type, name);
    connections.set(name, connection);
  }
  return connection;
}

/** A to-many relationship as a Relay connection with `totalCount`. */
export function toManyConnection(
  t: ResourceFieldBuilder,
  options: RelationshipOptions & { readonly typeName: string },
) {
  const includable = options.includable ?? true;
  return t.connection(
    {
      type: options.type,
      nullable: true,
      description: options.description,
      extensions: { upstream: { relationship: { name: options.relationship, includable } } },
      resolve: (parent, args, ctx, info) =>
        resolveToManyConnection(parent, args, ctx, info, options),
    },
    connectionOf(options.type, options.typeName),
  );
}

/**
 * A GraphQL type backed by one Commerce Layer resource type: a Relay node whose id is the
 * resource id, recognised by its JSON:API `type`, and marked with `extensions.upstreamType` for
 * the planner.
 */
export function resourceNode<Shape extends Record<string, unknown>>(
  name: string,
  options: {
    readonly upstreamType: string;
    readonly description: string;
    readonly fields: (t: ResourceFieldBuilder) => Shape;
    /**
     * The type cannot be listed upstream, only retrieved by id (`GET /{type}/{id}`): `node(id:)`
     * then asks for each id on its own instead of a `filter[q][id_in]` batch (a 405 upstream).
     */
    readonly retrieveOnly?: boolean;
  },
) {
  return builder.node(builder.objectRef<Resource>(name), {
    description: options.description,
    id: { resolve: (resource) => resource.id },
    isTypeOf: (value) => (value as Resource).type === options.upstreamType,
    extensions: {
      upstreamType: options.upstreamType,
      ...(options.retrieveOnly ? { upstreamRetrieveOnly: true } : {}),
    },
    fields: (t) => options.fields(t) as never,
  });
}

/**
 * A GraphQL enum over a Commerce Layer enum attribute: each lower-case wire value becomes an
 * UPPER_CASE GraphQL value that resolves to it.
 */
export function upstreamEnum<const Values extends readonly string[]>(
  name: string,
  description: string,
  values: Values,
) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])) as {
      [V in Values[number] as Uppercase<V>]: { value: V };
    },
  });
}
