import { errors } from "./errors.js";
const ALL = true;
const status = (...values) => ({
    sql: `json_extract(t.attrs, '$.status') IN (${values.map(() => '?').join(', ')})`,
    params: values,
});
const CRUD = { create: ALL, retrieve: ALL, update: ALL, delete: ALL };
/** Sales channel, client_credentials (guest): the roles table's "Client credentials" rows. */
export const GUEST_RULES = {
    addresses: CRUD,
    customers: { create: ALL },
    customer_subscriptions: CRUD,
    orders: {
        create: ALL,
        retrieve: status('draft', 'pending', 'placed'),
        update: status('draft', 'pending'),
    },
    returns: { create: ALL, retrieve: ALL, update: status('draft') },
    sku_lists: CRUD,
    // Not in the roles table; the emulator's choices (see README): a guest starts the password
    // reset flow, and may read the markets and stock locations of its scope.
    customer_password_resets: { create: ALL, update: ALL },
    markets: { retrieve: ALL },
    stock_locations: { retrieve: ALL },
};
/** Sales channel, password (customer token): the roles table's "Password" rows, owner only. */
export const CUSTOMER_RULES = {
    customers: { list: ALL, retrieve: ALL, update: ALL, delete: ALL },
    customer_addresses: { list: ALL, ...CRUD },
    customer_payment_sources: { list: ALL, retrieve: ALL, update: ALL, delete: ALL },
    customer_subscriptions: { list: ALL, ...CRUD },
    orders: { list: ALL, create: ALL, retrieve: ALL, update: ALL },
};
/**
 * Types without personal data a customer token may retrieve by id (and reach through its own
 * records): its group, tags, the event definitions. The roles table is silent; Commerce Layer's
 * tags page lets sales channels retrieve a single tag linked to an allowed resource.
 */
const CUSTOMER_REFERENCE = new Set([
    'customer_groups',
    'tags',
    'events',
    'markets',
    'stock_locations',
]);
const NOTHING = { sql: '0', params: [] };
const EVERYTHING = { sql: '', params: [] };
function and(...parts) {
    const present = parts.filter((part) => part !== undefined && part.sql !== '');
    if (present.length === 0) {
        return EVERYTHING;
    }
    return {
        sql: present.map((part) => `(${part.sql})`).join(' AND '),
        params: present.flatMap((part) => part.params),
    };
}
function or(parts) {
    if (parts.length === 0) {
        return NOTHING;
    }
    return {
        sql: parts.map((part) => `(${part.sql})`).join(' OR '),
        params: parts.flatMap((part) => part.params),
    };
}
function grantWhere(grant) {
    if (grant === undefined) {
        return undefined;
    }
    return grant === true ? EVERYTHING : grant;
}
export function createAccess(registry) {
    /** Types whose records carry a `customer` has_one (orders, customer_addresses, sku_lists, …). */
    const ownedByColumn = registry
        .all()
        .filter((meta) => meta.storedHasOne.some((rel) => rel.name === 'customer' && rel.className === 'Customer'))
        .map((meta) => meta.type);
    function ownerScope(meta, owner) {
        return ownerScopeOf(meta.type, owner, 't');
    }
    function ownerScopeOf(type, owner, alias) {
        if (type === 'customers') {
            return { sql: `${alias}.id = ?`, params: [owner] };
        }
        if (type === 'addresses') {
            return {
                sql: `${alias}.id IN (SELECT address_id FROM customer_addresses WHERE customer_id = ?)`,
                params: [owner],
            };
        }
        if (ownedByColumn.includes(type)) {
            return { sql: `${alias}.customer_id = ?`, params: [owner] };
        }
        if (type === 'attachments') {
            // Attachments of the customer itself or of records it owns.
            const parts = [];
            for (const attachable of ['customers', 'addresses', ...ownedByColumn]) {
                const inner = ownerScopeOf(attachable, owner, 'o');
                if (inner && registry.get(attachable)?.relationships.has('attachments')) {
                    parts.push({
                        sql: `${alias}.attachable_type = ? AND ${alias}.attachable_id IN (SELECT o.id FROM "${attachable}" o WHERE ${inner.sql})`,
                        params: [attachable, ...inner.params],
                    });
                }
            }
            return or(parts);
        }
        if (type === 'event_stores') {
            // The history of the customer and of the records it owns, never another customer's.
            const parts = [];
            for (const resource of ['customers', 'addresses', ...ownedByColumn]) {
                const inner = ownerScopeOf(resource, owner, 'o');
                if (inner) {
                    parts.push({
                        sql: `${alias}.a_resource_type = ? AND ${alias}.a_resource_id IN (SELECT o.id FROM "${resource}" o WHERE ${inner.sql})`,
                        params: [resource, ...inner.params],
                    });
                }
            }
            return or(parts);
        }
        return undefined;
    }
    function authorize(auth, meta, operation) {
        if (auth.kind !== 'sales_channel') {
            return EVERYTHING;
        }
        const guest = grantWhere(GUEST_RULES[meta.type]?.[operation]);
        const owner = auth.ownerCustomerId;
        if (!owner) {
            if (!guest || operation === 'list') {
                throw errors.unauthorized();
            }
            return guest;
        }
        const customer = grantWhere(CUSTOMER_RULES[meta.type]?.[operation]);
        const scope = ownerScope(meta, owner);
        if (operation === 'create') {
            // The customer relationship is checked against the owner (api.ts guardOwner).
            if (!customer && !guest) {
                throw errors.unauthorized();
            }
            return EVERYTHING;
        }
        if (meta.type === 'customer_password_resets' && guest) {
            // The reset flow is driven by the reset token, not by ownership.
            return guest;
        }
        if (scope) {
            // Records with an owner: only its own, listed or not.
            const grant = customer ??
                guest ??
                (operation === 'list' || operation === 'retrieve' ? EVERYTHING : undefined);
            if (!grant) {
                throw errors.unauthorized();
            }
            return and(scope, grant);
        }
        if (guest && operation !== 'list') {
            return guest;
        }
        if (operation === 'retrieve' && CUSTOMER_REFERENCE.has(meta.type)) {
            return EVERYTHING;
        }
        throw errors.unauthorized();
    }
    function readScope(auth, meta) {
        if (auth.kind !== 'sales_channel') {
            return undefined;
        }
        const owner = auth.ownerCustomerId;
        if (owner) {
            const scope = ownerScope(meta, owner);
            if (scope) {
                return scope;
            }
            return CUSTOMER_REFERENCE.has(meta.type) || GUEST_RULES[meta.type]?.retrieve
                ? grantWhere(GUEST_RULES[meta.type]?.retrieve)
                : NOTHING;
        }
        const guest = grantWhere(GUEST_RULES[meta.type]?.retrieve);
        if (guest) {
            return guest.sql === '' ? undefined : guest;
        }
        // Personal data a guest was not granted stays out of relationships and includes.
        return ownerScope(meta, '') === undefined ? undefined : NOTHING;
    }
    return { authorize, readScope, ownerScope };
}
//# sourceMappingURL=access.js.map