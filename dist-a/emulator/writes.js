import { randomBytes, randomUUID } from 'node:crypto';
import { cancelAnonymization, requestAnonymization, requesterFor, } from "./anonymization.js";
import { errors } from "./errors.js";
import { isoTime, newId } from "./ids.js";
import { digestToken, hashPassword, newToken } from "./passwords.js";
/**
 * Create / update / delete with Commerce Layer's rules. Every call runs inside the request's
 * transaction (api.ts): a thrown ApiError leaves nothing written.
 */
export const MAX_TAGS = 10;
const TAG_NAME = /^[a-z0-9_:-]{1,25}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CUD = new Set(['create', 'update', 'delete']);
/**
 * Types the emulator writes (the customer, its related resources as the metadata lists their
 * writes, and webhooks); others answer 405.
 */
export const WRITABLE = {
    customers: CUD,
    customer_groups: CUD,
    tags: CUD,
    customer_addresses: CUD,
    addresses: CUD,
    customer_password_resets: new Set(['create', 'update']),
    customer_payment_sources: CUD,
    customer_subscriptions: CUD,
    sku_lists: CUD,
    attachments: CUD,
    orders: CUD,
    order_subscriptions: CUD,
    returns: CUD,
    webhooks: CUD,
};
/** Order triggers the emulator models; the other documented ones answer 400. */
const ORDER_TRIGGERS = new Set([
    '_place',
    '_cancel',
    '_approve',
    '_archive',
    '_unarchive',
    '_add_tags',
    '_remove_tags',
]);
function blank(value) {
    return (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''));
}
function copy(row) {
    return structuredClone(row);
}
export class Writer {
    #store;
    #registry;
    #options;
    constructor(options) {
        this.#store = options.store;
        this.#registry = options.registry;
        this.#options = options;
    }
    create(meta, input, ctx) {
        const now = isoTime(ctx.now);
        const row = {
            id: newId(),
            seq: 0,
            created_at: now,
            updated_at: now,
            attrs: {},
            internal: {},
            rels: {},
            relTypes: {},
        };
        this.#assign(meta, row, input);
        if (meta.fields.has('metadata')) {
            row.attrs.metadata ??= {};
        }
        let overrides;
        switch (meta.type) {
            case 'customers':
                this.#customer(row, undefined, input, ctx);
                break;
            case 'customer_password_resets':
                overrides = this.#createPasswordReset(row, input);
                break;
            case 'webhooks':
                overrides = this.#createWebhook(row, input, ctx);
                break;
            default:
                this.#validate(meta.type, row, undefined, input, ctx);
        }
        const saved = this.#store.insert(meta.type, row);
        const tagsChanged = this.#tags(meta, saved, input, true);
        this.#record(meta.type, undefined, saved, ctx, tagsChanged);
        if (meta.type === 'orders') {
            this.#orderPlaced(undefined, saved, ctx);
        }
        return { row: saved, ...(overrides ? { overrides } : {}) };
    }
    update(meta, before, input, ctx) {
        const row = copy(before);
        this.#assign(meta, row, input);
        switch (meta.type) {
            case 'customers':
                this.#customer(row, before, input, ctx);
                break;
            case 'customer_password_resets':
                this.#usePasswordReset(row, input, ctx);
                break;
            case 'webhooks':
                this.#updateWebhook(row, input, ctx);
                break;
            default:
                this.#validate(meta.type, row, before, input, ctx);
        }
        const tagsChanged = this.#tags(meta, row, input, false);
        const changed = tagsChanged || JSON.stringify(row) !== JSON.stringify(before);
        if (changed) {
            row.updated_at = isoTime(ctx.now);
        }
        this.#store.save(meta.type, row);
        if (changed) {
            this.#record(meta.type, before, row, ctx, tagsChanged);
        }
        if (meta.type === 'orders') {
            this.#orderPlaced(before, row, ctx);
        }
        return { row };
    }
    delete(meta, row) {
        const store = this.#store;
        if (this.#registry.get(meta.type)?.relationships.has('events')) {
            this.#options.onChange?.({ type: meta.type, row, topics: [`${meta.type}.destroy`] });
        }
        switch (meta.type) {
            case 'orders':
                if (row.attrs.placed_at) {
                    throw errors.locked('Cannot delete the order: it has been placed.');
                }
                break;
            case 'webhooks':
                store.statement('DELETE FROM event_callbacks WHERE webhook_id = ?').run(row.id);
                break;
            case 'customers': {
                if (store.count('orders', { sql: 't.customer_id = ?', params: [row.id] }) > 0) {
                    throw errors.locked('Cannot delete the customer: it has orders.');
                }
                for (const type of [
                    'customer_addresses',
                    'customer_payment_sources',
                    'customer_subscriptions',
                    'customer_password_resets',
                ]) {
                    store.statement(`DELETE FROM "${type}" WHERE customer_id = ?`).run(row.id);
                }
                store
                    .statement('UPDATE sku_lists SET customer_id = NULL WHERE customer_id = ?')
                    .run(row.id);
                store
                    .statement("DELETE FROM attachments WHERE attachable_type = 'customers' AND attachable_id = ?")
                    .run(row.id);
                break;
            }
            case 'customer_groups':
                store
                    .statement('UPDATE customers SET customer_group_id = NULL WHERE customer_group_id = ?')
                    .run(row.id);
                store
                    .statement('UPDATE markets SET customer_group_id = NULL WHERE customer_group_id = ?')
                    .run(row.id);
                break;
            case 'addresses': {
                const used = store.count('orders', {
                    sql: 't.shipping_address_id = ? OR t.billing_address_id = ?',
                    params: [row.id, row.id],
                }) +
                    store.count('stock_locations', { sql: 't.address_id = ?', params: [row.id] }) +
                    store.count('returns', {
                        sql: 't.origin_address_id = ? OR t.destination_address_id = ?',
                        params: [row.id, row.id],
                    });
                if (used > 0) {
                    throw errors.locked('Cannot delete the address: orders, returns or stock locations use it.');
                }
                store.statement('DELETE FROM customer_addresses WHERE address_id = ?').run(row.id);
                break;
            }
            default:
                break;
        }
        store.delete(meta.type, row.id);
    }
    /** Copies plain attributes and to-one relationships from the input onto the row. */
    #assign(meta, row, input) {
        for (const [name, value] of Object.entries(input.attributes)) {
            const field = meta.fields.get(name);
            if (!field || name.startsWith('_') || field.trigger || !field.fetchable) {
                continue;
            }
            row.attrs[name] = value;
        }
        for (const [name, value] of input.relationships) {
            const rel = meta.relationships.get(name);
            if (rel?.kind !== 'has_one' || Array.isArray(value)) {
                continue;
            }
            row.rels[name] = value?.id ?? null;
            if (rel.polymorphic) {
                row.relTypes[name] = value?.type ?? null;
            }
        }
    }
    #validate(type, row, before, input, ctx) {
        const attrs = row.attrs;
        const required = (...names) => {
            for (const name of names) {
                if (blank(attrs[name])) {
                    throw errors.validation(name, "can't be blank", 'blank');
                }
            }
        };
        const requiredRel = (...names) => {
            for (const name of names) {
                if (!row.rels[name]) {
                    throw errors.validation(name, "can't be blank", 'blank', {
                        pointer: `/data/relationships/${name}`,
                    });
                }
            }
        };
        const owner = ctx.auth.ownerCustomerId;
        switch (type) {
            case 'customer_payment_sources':
                requiredRel('customer');
                break;
            case 'customer_subscriptions': {
                required('customer_email', 'reference');
                const email = String(attrs.customer_email).trim().toLowerCase();
                const customer = this.#store.select('customers', { sql: 't.a_email = ?', params: [email] }, 't.seq ASC', 1)[0];
                if (!customer) {
                    throw errors.validation('customer_email', 'is invalid', 'invalid', {
                        meta: { value: attrs.customer_email },
                    });
                }
                attrs.customer_email = email;
                row.rels.customer = customer.id;
                break;
            }
            case 'sku_lists':
                required('name');
                attrs.manual = attrs.manual !== false;
                if (attrs.manual === false) {
                    required('sku_code_regex');
                }
                if (!before && owner && !row.rels.customer) {
                    row.rels.customer = owner;
                }
                attrs.slug ??= `${String(attrs.name)
                    .toLowerCase()
                    .replace(/[^a-z0-9]+/g, '-')
                    .replace(/^-|-$/g, '')}-${row.id.toLowerCase()}`;
                break;
            case 'attachments':
                required('name');
                requiredRel('attachable');
                break;
            case 'orders':
                this.#order(row, before, input, ctx);
                break;
            case 'order_subscriptions': {
                required('frequency');
                requiredRel('source_order');
                const source = this.#store.get('orders', row.rels.source_order ?? '');
                row.rels.customer = source?.rels.customer ?? null;
                row.rels.market ??= source?.rels.market ?? null;
                if (!before) {
                    attrs.status = 'draft';
                    attrs.customer_email = source?.attrs.customer_email ?? null;
                    attrs.number = String(this.#store.count('order_subscriptions') + 7001);
                }
                break;
            }
            case 'returns': {
                requiredRel('order');
                const order = this.#store.get('orders', row.rels.order ?? '');
                if (!before) {
                    if (!order?.attrs.placed_at) {
                        throw errors.validation('order', 'must be placed', 'invalid', {
                            pointer: '/data/relationships/order',
                        });
                    }
                    row.rels.customer = order.rels.customer ?? null;
                    attrs.status = 'draft';
                    attrs.customer_email = order.attrs.customer_email ?? null;
                    attrs.number = `${String(order.attrs.number)}-R${this.#store.count('returns') + 1}`;
                }
                break;
            }
            case 'customer_groups':
                if (blank(attrs.name)) {
                    throw errors.validation('name', "can't be blank", 'blank');
                }
                break;
            case 'tags': {
                if (blank(attrs.name)) {
                    throw errors.validation('name', "can't be blank", 'blank');
                }
                const name = String(attrs.name).trim().toLowerCase();
                if (!TAG_NAME.test(name)) {
                    throw errors.validation('name', 'is invalid', 'invalid', { meta: { value: attrs.name } });
                }
                attrs.name = name;
                const clash = this.#store.count('tags', {
                    sql: 't.a_name = ? AND t.id <> ?',
                    params: [name, row.id],
                });
                if (clash > 0) {
                    throw errors.validation('name', 'has already been taken', 'taken', {
                        meta: { value: name },
                    });
                }
                break;
            }
            case 'addresses': {
                attrs.business = attrs.business === true;
                const required = attrs.business === true
                    ? ['company', 'line_1', 'city', 'country_code', 'phone']
                    : ['first_name', 'last_name', 'line_1', 'city', 'country_code', 'phone'];
                if (!['IE', 'HK', 'AE'].includes(String(attrs.country_code ?? '').toUpperCase())) {
                    required.push('zip_code');
                }
                for (const name of required) {
                    if (blank(attrs[name])) {
                        throw errors.validation(name, "can't be blank", 'blank');
                    }
                }
                attrs.country_code = String(attrs.country_code).toUpperCase();
                break;
            }
            case 'customer_addresses': {
                for (const name of ['customer', 'address']) {
                    if (!row.rels[name]) {
                        throw errors.validation(name, "can't be blank", 'blank', {
                            pointer: `/data/relationships/${name}`,
                        });
                    }
                }
                const customer = this.#store.get('customers', row.rels.customer ?? '');
                if (!before || input.relationships.has('customer')) {
                    if (blank(attrs.customer_email) || input.relationships.has('customer')) {
                        attrs.customer_email = customer?.attrs.email ?? null;
                    }
                }
                break;
            }
            default:
                break;
        }
    }
    /**
     * Draft orders and `_place`: a new order is a `draft` (customer_email copied from its
     * customer); `_place` needs a draft or pending order with a customer email and sets
     * `placed_at`; `_approve` needs a placed order; `_cancel` a placed or approved one.
     */
    #order(row, before, input, ctx) {
        const attrs = row.attrs;
        for (const name of Object.keys(input.attributes)) {
            if (name.startsWith('_') && !ORDER_TRIGGERS.has(name)) {
                throw errors.paramNotAllowed(name, `/data/attributes/${name}`);
            }
        }
        const owner = ctx.auth.ownerCustomerId;
        if (!before) {
            if (owner && !row.rels.customer) {
                row.rels.customer = owner;
            }
            if (!row.rels.market) {
                const scoped = ctx.auth.marketIds[0];
                if (!scoped) {
                    throw errors.validation('market', "can't be blank", 'blank', {
                        pointer: '/data/relationships/market',
                    });
                }
                row.rels.market = scoped;
            }
            const sameMarket = this.#store.select('orders', { sql: 't.market_id = ?', params: [row.rels.market] }, 't.seq DESC', 1)[0];
            const number = this.#store.count('orders') + 2_000_001;
            Object.assign(attrs, {
                number: attrs.number ?? String(number),
                status: 'draft',
                payment_status: 'unpaid',
                fulfillment_status: 'unfulfilled',
                guest: attrs.guest ?? !row.rels.customer,
                editable: true,
                language_code: attrs.language_code ?? 'en',
                currency_code: sameMarket?.attrs.currency_code ?? 'EUR',
                subtotal_amount_cents: 0,
                shipping_amount_cents: 0,
                discount_amount_cents: 0,
                total_tax_amount_cents: 0,
                total_amount_cents: 0,
                total_amount_with_taxes_cents: 0,
                skus_count: 0,
                token: randomUUID().replaceAll('-', ''),
                placed_at: null,
                approved_at: null,
                cancelled_at: null,
                archived_at: null,
            });
        }
        if (row.rels.customer && (!before || input.relationships.has('customer'))) {
            const customer = this.#store.get('customers', row.rels.customer);
            attrs.customer_email = customer?.attrs.email ?? attrs.customer_email ?? null;
        }
        const now = isoTime(ctx.now);
        const state = String(attrs.status);
        const trigger = (name) => input.attributes[name] === true;
        if (before && trigger('_place')) {
            if (state !== 'draft' && state !== 'pending') {
                throw errors.validation('_place', `cannot transition from ${state} to placed`, 'invalid');
            }
            if (blank(attrs.customer_email)) {
                throw errors.validation('customer_email', "can't be blank", 'blank');
            }
            Object.assign(attrs, {
                status: 'placed',
                placed_at: now,
                payment_status: 'authorized',
                payment_updated_at: now,
                editable: false,
            });
        }
        if (before && trigger('_approve')) {
            if (attrs.status !== 'placed') {
                throw errors.validation('_approve', `cannot transition from ${String(attrs.status)} to approved`, 'invalid');
            }
            Object.assign(attrs, { status: 'approved', approved_at: now });
        }
        if (before && trigger('_cancel')) {
            if (attrs.status !== 'placed' && attrs.status !== 'approved') {
                throw errors.validation('_cancel', `cannot transition from ${String(attrs.status)} to cancelled`, 'invalid');
            }
            Object.assign(attrs, { status: 'cancelled', cancelled_at: now });
        }
        if (before && trigger('_archive')) {
            attrs.archived_at = now;
        }
        if (before && trigger('_unarchive')) {
            attrs.archived_at = null;
        }
    }
    /**
     * After an order write: the customer's `total_orders_count` (orders with `placed_at`) and
     * `status` (prospect 0, acquired 1, repeat 2+) follow, with `customers.acquired` /
     * `customers.repeat` events.
     */
    #orderPlaced(before, order, ctx) {
        const customerIds = new Set([before?.rels.customer, order.rels.customer].filter((id) => Boolean(id)));
        for (const customerId of customerIds) {
            const customer = this.#store.get('customers', customerId);
            if (!customer) {
                continue;
            }
            const count = this.#store.count('orders', {
                sql: 't.customer_id = ? AND t.a_placed_at IS NOT NULL',
                params: [customerId],
            });
            const status = count >= 2 ? 'repeat' : count === 1 ? 'acquired' : 'prospect';
            if (customer.attrs.total_orders_count === count && customer.attrs.status === status) {
                continue;
            }
            const previous = copy(customer);
            customer.attrs.total_orders_count = count;
            customer.attrs.status = status;
            customer.updated_at = isoTime(ctx.now);
            this.#store.save('customers', customer);
            const extra = previous.attrs.status !== status && status !== 'prospect' ? [`customers.${status}`] : [];
            this.#record('customers', previous, customer, ctx, false, extra);
        }
    }
    #createWebhook(row, input, ctx) {
        this.#validateWebhook(row);
        const secret = randomBytes(16).toString('hex');
        row.internal.shared_secret = secret;
        row.attrs.name = blank(row.attrs.name) ? `Webhook ${row.id}` : row.attrs.name;
        row.attrs.include_resources ??= [];
        row.attrs.circuit_state = 'closed';
        row.attrs.circuit_failure_count = 0;
        row.attrs.disabled_at = input.attributes._disable === true ? isoTime(ctx.now) : null;
        return { shared_secret: secret };
    }
    #updateWebhook(row, input, ctx) {
        this.#validateWebhook(row);
        if (input.attributes._disable === true) {
            row.attrs.disabled_at = isoTime(ctx.now);
        }
        if (input.attributes._enable === true) {
            row.attrs.disabled_at = null;
        }
        if (input.attributes._reset_circuit === true) {
            row.attrs.circuit_state = 'closed';
            row.attrs.circuit_failure_count = 0;
        }
        if (input.attributes._regenerate_shared_secret === true) {
            row.internal.shared_secret = randomBytes(16).toString('hex');
        }
    }
    /** topic: an event the emulator defines; callback_url: http(s); include_resources: strings. */
    #validateWebhook(row) {
        const attrs = row.attrs;
        for (const name of ['topic', 'callback_url']) {
            if (blank(attrs[name])) {
                throw errors.validation(name, "can't be blank", 'blank');
            }
        }
        const known = this.#store.count('events', {
            sql: "json_extract(t.attrs, '$.name') = ?",
            params: [attrs.topic],
        });
        if (known === 0) {
            throw errors.validation('topic', 'is not included in the list', 'inclusion', {
                meta: { value: attrs.topic },
            });
        }
        let url;
        try {
            url = new URL(String(attrs.callback_url));
        }
        catch {
            url = undefined;
        }
        if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
            throw errors.validation('callback_url', 'is invalid', 'invalid', {
                meta: { value: attrs.callback_url },
            });
        }
        const include = attrs.include_resources;
        if (include !== undefined && include !== null) {
            if (!Array.isArray(include) ||
                include.some((item) => typeof item !== 'string' || item === '')) {
                throw errors.validation('include_resources', 'is invalid', 'invalid');
            }
            const type = String(attrs.topic).split('.')[0] ?? '';
            const meta = this.#registry.get(type);
            for (const path of include) {
                let current = meta;
                for (const part of path.split('.')) {
                    const rel = current?.relationships.get(part);
                    if (!rel?.includable) {
                        throw errors.validation('include_resources', `${path} is not a relationship of ${type}`, 'invalid', {
                            meta: { value: path },
                        });
                    }
                    current = rel.targetType ? this.#registry.get(rel.targetType) : undefined;
                }
            }
        }
    }
    #customer(row, before, input, ctx) {
        const attrs = row.attrs;
        if (!before || 'email' in input.attributes) {
            if (blank(attrs.email)) {
                throw errors.validation('email', "can't be blank", 'blank');
            }
            const email = String(attrs.email).trim().toLowerCase();
            if (!EMAIL.test(email)) {
                throw errors.validation('email', 'is invalid', 'invalid', { meta: { value: attrs.email } });
            }
            const taken = this.#store.count('customers', {
                sql: 't.a_email = ? AND t.id <> ?',
                params: [email, row.id],
            });
            if (taken > 0) {
                throw errors.validation('email', 'has already been taken', 'taken', {
                    meta: { value: email },
                });
            }
            attrs.email = email;
        }
        if ('password' in input.attributes) {
            const password = input.attributes.password;
            if (typeof password === 'string' && password !== '') {
                row.internal.password_hash = hashPassword(password);
            }
            else {
                delete row.internal.password_hash;
            }
        }
        delete attrs.password;
        for (const name of ['shopper_reference', 'profile_id']) {
            if (blank(attrs[name])) {
                attrs[name] = randomUUID();
            }
            else if (name === 'shopper_reference') {
                const length = String(attrs[name]).length;
                if (length < 3 || length > 128) {
                    throw errors.validation(name, 'is the wrong length', 'wrong_length', {
                        meta: { minimum: 3, maximum: 128 },
                    });
                }
            }
        }
        if (!before) {
            attrs.status = 'prospect';
            attrs.total_orders_count = 0;
            attrs.anonymization_status = null;
            attrs.anonymization_info = null;
            attrs.metadata ??= {};
        }
        const requester = () => requesterFor(ctx.auth, this.#options.organizationSlug);
        if (input.attributes._request_anonymization === true) {
            requestAnonymization(row, requester(), ctx.now, this.#options.anonymization);
        }
        if (input.attributes._cancel_anonymization === true) {
            cancelAnonymization(row, requester(), ctx.now);
        }
    }
    /**
     * `tags` replaces the set; then `_add_tags` adds existing tags by name, then `_remove_tags`
     * removes. Names are lower-cased; unknown names and duplicates are dropped silently. More than
     * {@link MAX_TAGS} in the end → 422. Returns whether the set changed.
     */
    #tags(meta, row, input, creating) {
        if (!meta.relationships.has('tags')) {
            return false;
        }
        const replaced = input.relationships.get('tags');
        const add = input.attributes._add_tags;
        const remove = input.attributes._remove_tags;
        if (replaced === undefined && blank(add) && blank(remove)) {
            return false;
        }
        const current = creating ? [] : this.#store.tagIds(meta.type, row.id);
        let next = Array.isArray(replaced)
            ? replaced.map((identifier) => identifier.id)
            : [...current];
        for (const tag of this.#tagsByName(add)) {
            if (!next.includes(tag)) {
                next.push(tag);
            }
        }
        const removed = new Set(this.#tagsByName(remove));
        next = next.filter((id) => !removed.has(id));
        if (next.length > MAX_TAGS) {
            throw errors.validation('tags', `is too long (maximum is ${MAX_TAGS} tags)`, 'too_long', {
                pointer: '/data/relationships/tags',
                meta: { count: MAX_TAGS },
            });
        }
        if (next.length === current.length && next.every((id, index) => current[index] === id)) {
            return false;
        }
        this.#store.setTags(meta.type, row.id, next);
        return true;
    }
    #tagsByName(list) {
        if (typeof list !== 'string') {
            return [];
        }
        const names = [
            ...new Set(list
                .split(',')
                .map((name) => name.trim().toLowerCase())
                .filter(Boolean)),
        ];
        if (names.length === 0) {
            return [];
        }
        const rows = this.#store.select('tags', { sql: `t.a_name IN (${names.map(() => '?').join(', ')})`, params: names }, 't.seq ASC');
        const byName = new Map(rows.map((tag) => [tag.attrs.name, tag.id]));
        return names.flatMap((name) => {
            const id = byName.get(name);
            return id ? [id] : [];
        });
    }
    #createPasswordReset(row, input) {
        const email = input.attributes.customer_email;
        if (blank(email)) {
            throw errors.validation('customer_email', "can't be blank", 'blank');
        }
        const normalised = String(email).trim().toLowerCase();
        const customer = this.#store.select('customers', { sql: 't.a_email = ?', params: [normalised] }, 't.seq ASC', 1)[0];
        if (!customer) {
            throw errors.validation('customer_email', 'is invalid', 'invalid', {
                meta: { value: email },
            });
        }
        const token = newToken();
        row.attrs.customer_email = normalised;
        row.attrs.reset_password_at = null;
        row.internal.token_hash = digestToken(token);
        row.rels.customer = customer.id;
        return { reset_password_token: token };
    }
    #usePasswordReset(row, input, ctx) {
        const password = input.attributes.customer_password;
        const token = input.attributes._reset_password_token;
        delete row.attrs.customer_password;
        if (password === undefined && token === undefined) {
            return;
        }
        if (blank(password)) {
            throw errors.validation('customer_password', "can't be blank", 'blank');
        }
        if (blank(token)) {
            throw errors.validation('_reset_password_token', "can't be blank", 'blank');
        }
        if (row.attrs.reset_password_at) {
            throw errors.validation('_reset_password_token', 'has already been used', 'invalid');
        }
        if (digestToken(String(token)) !== row.internal.token_hash) {
            throw errors.validation('_reset_password_token', 'is invalid', 'invalid');
        }
        const customer = this.#store.get('customers', row.rels.customer ?? '');
        if (!customer) {
            throw errors.validation('customer', "can't be blank", 'blank', {
                pointer: '/data/relationships/customer',
            });
        }
        const before = copy(customer);
        customer.internal.password_hash = hashPassword(String(password));
        customer.updated_at = isoTime(ctx.now);
        this.#store.save('customers', customer);
        this.#record('customers', before, customer, ctx, false);
        row.attrs.reset_password_at = isoTime(ctx.now);
    }
    #emit(type, before, after, tags, extraTopics) {
        if (!this.#options.onChange || !this.#registry.get(type)?.relationships.has('events')) {
            return;
        }
        this.#options.onChange({
            type,
            row: after,
            topics: [...topicsOf(type, before, after, tags), ...extraTopics],
        });
    }
    /** An event_store row (create/update, changed attributes, who) for each write. */
    #record(type, before, after, ctx, tags, extraTopics = []) {
        this.#emit(type, before, after, tags, extraTopics);
        if (!this.#registry.get('event_stores')) {
            return;
        }
        const payload = {};
        const keys = new Set([...Object.keys(before?.attrs ?? {}), ...Object.keys(after.attrs)]);
        for (const key of keys) {
            const old = before?.attrs[key] ?? null;
            const value = after.attrs[key] ?? null;
            if (JSON.stringify(old) !== JSON.stringify(value)) {
                payload[key] = [old, value];
            }
        }
        for (const [name, id] of Object.entries(after.rels)) {
            const old = before?.rels[name] ?? null;
            if (old !== id) {
                payload[`${name}_id`] = [old, id];
            }
        }
        if (before?.internal.password_hash !== after.internal.password_hash) {
            payload.password_digest = ['[FILTERED]', '[FILTERED]'];
        }
        if (tags) {
            payload.tags = [null, this.#store.tagIds(type, after.id)];
        }
        if (before) {
            payload.updated_at = [before.updated_at, after.updated_at];
        }
        else {
            payload.created_at = [null, after.created_at];
        }
        const now = isoTime(ctx.now);
        this.#store.insert('event_stores', {
            id: newId(),
            created_at: now,
            updated_at: now,
            attrs: {
                resource_type: type,
                resource_id: after.id,
                event: before ? 'update' : 'create',
                payload,
                who: whoOf(ctx),
                reference: null,
                reference_origin: null,
                metadata: {},
            },
            internal: {},
            rels: {},
            relTypes: {},
        });
    }
}
/**
 * The event topics of a write: `<type>.create|update`, plus for customers `customers.tagged`
 * when the tag set changed and `customers.anonymization_requested|completed` when the
 * anonymization status moved there.
 */
export function topicsOf(type, before, after, tags) {
    const topics = [`${type}.${before ? 'update' : 'create'}`];
    if (type === 'customers') {
        if (tags) {
            topics.push('customers.tagged');
        }
        const status = after.attrs.anonymization_status;
        if (status !== before?.attrs.anonymization_status) {
            if (status === 'requested') {
                topics.push('customers.anonymization_requested');
            }
            if (status === 'completed') {
                topics.push('customers.anonymization_completed');
            }
        }
    }
    return topics;
}
export function whoOf(ctx) {
    return {
        application: {
            id: ctx.auth.clientId,
            kind: ctx.auth.kind,
            public: ctx.auth.kind === 'sales_channel',
        },
        ...(ctx.auth.ownerCustomerId
            ? { owner: { id: ctx.auth.ownerCustomerId, type: 'Customer' } }
            : {}),
    };
}
//# sourceMappingURL=writes.js.map