import { builder } from "../builder.js";
import { connectionFromArray, connectionFromPages, } from "./connection.js";
import { emptyPlan, planField } from "./planning/plan.js";
const upstream = (attribute) => ({ upstream: { attributes: [attribute] } });
function read(resource, attribute) {
    return resource.attributes[attribute] ?? null;
}
/** A String field read from an upstream attribute. */
export function stringAttribute(t, attribute, options) {
    return t.string({
        description: options.description,
        nullable: options.nullable ?? true,
        extensions: upstream(attribute),
        resolve: (resource) => read(resource, attribute),
    });
}
export function intAttribute(t, attribute, options) {
    return t.int({
        description: options.description,
        nullable: options.nullable ?? true,
        extensions: upstream(attribute),
        resolve: (resource) => read(resource, attribute),
    });
}
export function floatAttribute(t, attribute, options) {
    return t.float({
        description: options.description,
        nullable: options.nullable ?? true,
        extensions: upstream(attribute),
        resolve: (resource) => read(resource, attribute),
    });
}
export function booleanAttribute(t, attribute, options) {
    return t.boolean({
        description: options.description,
        nullable: options.nullable ?? true,
        extensions: upstream(attribute),
        resolve: (resource) => read(resource, attribute),
    });
}
/**
 * Commerce Layer sends ISO 8601 datetimes, except inside `anonymization_info`, which uses
 * `2025-03-15 11:39:21 UTC`. Both become a DateTime.
 */
export function toDate(value) {
    if (typeof value !== 'string' || value === '') {
        return null;
    }
    const date = new Date(value.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/, '$1T$2Z'));
    return Number.isNaN(date.getTime()) ? null : date;
}
export function dateTimeAttribute(t, attribute, options) {
    return t.field({
        type: 'DateTime',
        description: options.description,
        nullable: options.nullable ?? true,
        extensions: upstream(attribute),
        resolve: (resource) => toDate(resource.attributes[attribute]),
    });
}
export function jsonAttribute(t, attribute, options) {
    return t.field({
        type: 'JSONObject',
        description: options.description,
        nullable: options.nullable ?? true,
        extensions: upstream(attribute),
        resolve: (resource) => read(resource, attribute),
    });
}
/** An enum field: the upstream's lower-case value mapped to the GraphQL enum's value. */
export function enumAttribute(t, attribute, type, options) {
    return t.field({
        type,
        description: options.description,
        nullable: options.nullable ?? true,
        extensions: upstream(attribute),
        // biome-ignore lint/suspicious/noExplicitAny: the enum's value type is generic here
        resolve: (resource) => read(resource, attribute),
    });
}
/** The fields every Commerce Layer resource has: raw id, timestamps, reference, metadata, mode. */
export function commonFields(t, noun) {
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
/** A to-one relationship: included with its parent when planned, else one request per parent. */
export function toOne(t, options) {
    const includable = options.includable ?? true;
    return t.field({
        type: options.type,
        nullable: true,
        description: options.description,
        extensions: { upstream: { relationship: { name: options.relationship, includable } } },
        resolve: async (parent, _args, ctx, info) => {
            const plan = planField(info) ?? emptyPlan(options.upstreamType);
            return (await ctx.loader.related(parent, options.relationship, plan, false));
        },
    });
}
/** A to-many relationship as a plain list (tags: at most 10 per resource). */
export function toManyList(t, options) {
    const includable = options.includable ?? true;
    return t.field({
        type: [options.type],
        // Nullable so that a failed relationship nulls only itself, not its parent.
        nullable: true,
        description: options.description,
        extensions: { upstream: { relationship: { name: options.relationship, includable } } },
        resolve: async (parent, _args, ctx, info) => {
            const plan = planField(info) ?? emptyPlan(options.upstreamType);
            return (await ctx.loader.related(parent, options.relationship, plan, true));
        },
    });
}
/** Resolves a to-many relationship as a Relay connection. */
export async function resolveToManyConnection(parent, args, ctx, info, options) {
    const includable = options.includable ?? true;
    if (includable && (ctx.loader.planning || options.relationship in parent.relationships)) {
        const plan = planField(info) ?? emptyPlan(options.upstreamType);
        const items = (await ctx.loader.related(parent, options.relationship, plan, true));
        return connectionFromArray(items, args);
    }
    const path = `${parent.type}/${parent.id}/${options.relationship}`;
    return connectionFromPages(args, 'related', (page) => ctx.loader.list(path, { page }), {
        reversible: false,
    });
}
const connections = new Map();
function makeConnection(type, name) {
    return builder.connectionObject({
        type,
        name: `${name}Connection`,
        description: `A page of ${name} records, with cursors to move through the rest.`,
        fields: (c) => ({
            totalCount: c.int({
                description: 'How many records match, on every page.',
                resolve: (connection) => connection.totalCount,
            }),
        }),
    });
}
/** The shared `XConnection` type of a resource type (created once). */
export function connectionOf(type, name) {
    let connection = connections.get(name);
    if (!connection) {
        connection = makeConnection(type, name);
        connections.set(name, connection);
    }
    return connection;
}
/** A to-many relationship as a Relay connection with `totalCount`. */
export function toManyConnection(t, options) {
    const includable = options.includable ?? true;
    return t.connection({
        type: options.type,
        nullable: true,
        description: options.description,
        extensions: { upstream: { relationship: { name: options.relationship, includable } } },
        resolve: (parent, args, ctx, info) => resolveToManyConnection(parent, args, ctx, info, options),
    }, connectionOf(options.type, options.typeName));
}
/**
 * A GraphQL type backed by one Commerce Layer resource type: a Relay node whose id is the
 * resource id, recognised by its JSON:API `type`, and marked with `extensions.upstreamType` for
 * the planner.
 */
export function resourceNode(name, options) {
    return builder.node(builder.objectRef(name), {
        description: options.description,
        id: { resolve: (resource) => resource.id },
        isTypeOf: (value) => value.type === options.upstreamType,
        extensions: {
            upstreamType: options.upstreamType,
            ...(options.retrieveOnly ? { upstreamRetrieveOnly: true } : {}),
        },
        fields: (t) => options.fields(t),
    });
}
/**
 * A GraphQL enum over a Commerce Layer enum attribute: each lower-case wire value becomes an
 * UPPER_CASE GraphQL value that resolves to it.
 */
export function upstreamEnum(name, description, values) {
    return builder.enumType(name, {
        description,
        values: Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])),
    });
}
//# sourceMappingURL=fields.js.map