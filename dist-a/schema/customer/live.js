/**
 * Live updates: Commerce Layer customer webhooks (received by `plugins/use-webhooks.ts`) as
 * GraphQL subscriptions, served over Server-Sent Events by yoga.
 *
 * Cost: each event is resolved for each subscriber through the normal Customer type and planner,
 * from the webhook body first. The body is the customer's full JSON:API document (every
 * attribute, plus the relationships registered as `include_resources`), so a selection of
 * attributes and included relationships costs 0 upstream requests; any other selection costs
 * exactly 1 (`GET /customers?filter[q][id_in]=…` with the planned include/fields).
 *
 * Who sees what, decided at subscribe time from the verified caller: an integration token every
 * customer's events; a customer token only its own customer's; any other token is refused with
 * FORBIDDEN. A subscription ends when the caller's token expires (re-subscribe with a new one).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from "../../builder.js";
import { CHANGE_TOPICS, filterEvents, } from "../../live/events.js";
import { denormalize, parseDataDocument } from "../../upstream/json-api.js";
import { rawId } from "../filters.js";
import { loadCustomer } from "./queries.js";
import { Customer } from "./type.js";
builder.subscriptionType({
    description: 'Live updates from Commerce Layer webhooks, over Server-Sent Events (`Accept: text/event-stream`). At most once: events published while a client is not connected are not replayed.',
});
const TOPIC_VALUES = {
    CREATE: { value: 'customers.create', description: 'A customer was created.' },
    UPDATE: {
        value: 'customers.update',
        description: 'A customer was updated (anonymization steps included).',
    },
    DESTROY: { value: 'customers.destroy', description: 'A customer was deleted.' },
    TAGGED: { value: 'customers.tagged', description: "A customer's tags changed." },
    ANONYMIZATION_REQUESTED: {
        value: 'customers.anonymization_requested',
        description: "A customer's anonymization was requested.",
    },
    ANONYMIZATION_COMPLETED: {
        value: 'customers.anonymization_completed',
        description: "A customer's anonymization completed.",
    },
};
export const CustomerEventTopic = builder.enumType('CustomerEventTopic', {
    description: 'A Commerce Layer customer webhook topic.',
    values: TOPIC_VALUES,
});
const CustomerEventsWhere = builder.inputType('CustomerEventsWhere', {
    description: 'Which customer events to receive. Every condition given must hold (AND).',
    fields: (t) => ({
        topics: t.field({
            type: [CustomerEventTopic],
            description: 'Only these topics (default: all).',
        }),
        ids: t.idList({
            description: 'Only these customers (Relay global IDs or Commerce Layer ids).',
        }),
    }),
});
export const CustomerEvent = builder.objectRef('CustomerEvent').implement({
    description: 'A change of a customer, as a Commerce Layer webhook reported it.',
    fields: (t) => ({
        topic: t.field({
            type: CustomerEventTopic,
            description: 'What happened.',
            resolve: (event) => event.topic,
        }),
        customerId: t.id({
            description: "The customer's Relay global ID.",
            resolve: (event) => encodeGlobalID('Customer', event.customerId),
        }),
        receivedAt: t.field({
            type: 'DateTime',
            description: 'When the gateway received the webhook.',
            resolve: (event) => new Date(event.receivedAt),
        }),
        customer: t.field({
            type: Customer,
            nullable: true,
            description: 'The customer after the change (as it was before, for DESTROY). Costs 0 upstream requests when the webhook body holds the selection, else 1.',
            resolve: (event, _args, ctx, info) => customerOf(event, ctx, info),
        }),
    }),
});
builder.subscriptionFields((t) => ({
    customerChanged: t.field({
        type: Customer,
        description: 'The customer each time it is created, updated (anonymization steps included) or deleted. A customer token may subscribe only to its own customer.',
        args: { id: t.arg.id({ required: true, description: 'The customer id.' }) },
        subscribe: (_root, args, ctx) => {
            const id = rawId(args.id, 'Customer', 'id');
            const scope = scopeOf(ctx);
            if (scope !== 'all' && scope !== id) {
                throw forbidden('A customer token may subscribe only to its own customer.');
            }
            return stream(ctx, id, (event) => CHANGE_TOPICS.has(event.topic));
        },
        resolve: async (event, _args, ctx, info) => (await customerOf(event, ctx, info)) ?? resourceOf(event),
    }),
    customerEvents: t.field({
        type: CustomerEvent,
        description: 'Customer events, optionally filtered by topic and customer. An integration token receives every customer; a customer token only its own (other ids are FORBIDDEN).',
        args: {
            where: t.arg({ type: CustomerEventsWhere, description: 'Which events (default: all).' }),
        },
        subscribe: (_root, args, ctx) => {
            const topics = args.where?.topics ? new Set(args.where.topics) : undefined;
            const ids = args.where?.ids
                ? new Set(args.where.ids.map((id, index) => rawId(id, 'Customer', `where.ids.${index}`)))
                : undefined;
            const scope = scopeOf(ctx);
            if (scope !== 'all' && ids && [...ids].some((id) => id !== scope)) {
                throw forbidden("A customer token may receive only its own customer's events.");
            }
            const channel = scope !== 'all' ? scope : ids?.size === 1 ? [...ids][0] : undefined;
            return stream(ctx, channel, (event) => (topics === undefined || topics.has(event.topic)) &&
                (ids === undefined || ids.has(event.customerId)));
        },
        resolve: (event) => event,
    }),
}));
function forbidden(message) {
    return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
/** 'all' for an integration token, the customer id for a customer token; else FORBIDDEN. */
function scopeOf(ctx) {
    const caller = ctx.caller;
    if (caller?.kind === 'integration') {
        return 'all';
    }
    if (caller?.kind === 'customer' && caller.ownerType === 'Customer' && caller.ownerId) {
        return caller.ownerId;
    }
    throw forbidden('Subscriptions need an integration token (every customer) or a customer token (its own customer).');
}
/** The bus's events that pass `keep`, until the caller's token expires or the client leaves. */
function stream(ctx, customerId, keep) {
    if (!ctx.events) {
        throw new GraphQLError('Live updates are not enabled on this gateway.', {
            extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        });
    }
    const source = ctx.events.subscribe(customerId);
    const caller = ctx.caller;
    // The gateway's own credential is refreshed; a caller's token is good until it expires.
    const timer = caller && !caller.gatewayCredential
        ? setTimeout(() => void source.return?.(), Math.max(0, caller.expiresAt - Date.now()))
        : undefined;
    timer?.unref();
    return filterEvents(source, keep, () => clearTimeout(timer));
}
function resourceOf(event) {
    return denormalize(parseDataDocument(event.document, 'single'));
}
/**
 * The customer of an event, through the planner: the webhook body is remembered first (after
 * forgetting what an earlier event of this subscription left), so a selection it covers costs
 * no request. A deleted customer is the body itself.
 */
async function customerOf(event, ctx, info) {
    const resource = resourceOf(event);
    ctx.loader.forget('customers', event.customerId);
    if (resource === null || event.topic === 'customers.destroy') {
        return resource;
    }
    ctx.loader.remember(resource);
    return loadCustomer(ctx, info, event.customerId);
}
//# sourceMappingURL=live.js.map