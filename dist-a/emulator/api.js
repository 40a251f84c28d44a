import { createAccess } from "./access.js";
import { advanceAnonymizations, DEFAULT_ANONYMIZATION } from "./anonymization.js";
import { parseBody } from "./body.js";
import { errors, isApiError } from "./errors.js";
import { createHooks } from "./hooks.js";
import { verifyPassword } from "./passwords.js";
import { pageLinks, parseFields, parseInclude, parsePage, parseSort, } from "./query.js";
import { FilterCompiler } from "./ransack.js";
import { loadRegistry } from "./registry.js";
import { seedStore, storedSeed } from "./seed.js";
import { Graph, Serializer } from "./serialize.js";
import { Store } from "./store.js";
import { WebhookDispatcher } from "./webhooks.js";
import { topicsOf, WRITABLE, Writer } from "./writes.js";
/**
 * The JSON:API layer: Commerce Layer's resource semantics over a SQLite store, driven by the
 * resource metadata in `data/resources.json`. The HTTP layer hands over authenticated, parsed
 * requests; every answer is a JSON:API document or a Commerce Layer error document.
 */
export function createApi(options) {
    const registry = loadRegistry();
    const store = new Store(registry, options.db ?? ':memory:');
    const hooks = createHooks(store);
    const access = createAccess(registry);
    const graph = new Graph(store, registry, hooks, (ctx, type) => {
        const meta = registry.get(type);
        return meta ? access.readScope(ctx.auth, meta) : undefined;
    });
    const filters = new FilterCompiler(registry);
    const webhooks = new WebhookDispatcher(store, options.clock, options.webhooks);
    /** Deliveries built during the current transaction; sent once it commits. */
    let pendingDeliveries = [];
    let webhookBaseUrl = options.baseUrl ?? 'http://127.0.0.1/api';
    const writer = new Writer({
        store,
        registry,
        anonymization: options.anonymization ?? DEFAULT_ANONYMIZATION,
        organizationSlug: options.organization.slug,
        onChange: (change) => collectDeliveries(change),
    });
    /** Integration rights, for webhook payloads (Commerce Layer sends the whole resource). */
    const systemAuth = {
        kind: 'integration',
        clientId: 'emulator-webhooks',
        test: options.test ?? true,
        marketIds: [],
    };
    /** Matching webhooks for each topic of a change; bodies built now, inside the transaction. */
    function collectDeliveries(change) {
        if (!registry.get('webhooks')) {
            return;
        }
        for (const topic of change.topics) {
            const matching = store.select('webhooks', {
                sql: "json_extract(t.attrs, '$.topic') = ? AND json_extract(t.attrs, '$.disabled_at') IS NULL",
                params: [topic],
            }, 't.seq ASC');
            for (const webhook of matching) {
                const include = new Set(Array.isArray(webhook.attrs.include_resources)
                    ? webhook.attrs.include_resources
                    : []);
                if (topic.endsWith('.tagged')) {
                    // Commerce Layer includes the tags of a tagged resource automatically.
                    include.add('tags');
                }
                const ctx = {
                    auth: systemAuth,
                    baseUrl: webhookBaseUrl,
                    now: options.clock.now(),
                    organizationId: options.organization.id,
                };
                const query = new URLSearchParams(include.size > 0 ? { include: [...include].join(',') } : {});
                const body = JSON.stringify(single(ctx, change.type, change.row, query));
                pendingDeliveries.push({
                    webhookId: webhook.id,
                    topic,
                    callbackUrl: String(webhook.attrs.callback_url),
                    secret: String(webhook.internal.shared_secret ?? ''),
                    resourceType: change.type,
                    resourceId: change.row.id,
                    body,
                    skipped: webhook.attrs.circuit_state === 'open',
                });
            }
        }
    }
    /** Runs `work` in a transaction; its webhook deliveries go out only if it commits. */
    function transact(work) {
        pendingDeliveries = [];
        try {
            const result = store.transaction(work);
            const committed = pendingDeliveries;
            pendingDeliveries = [];
            webhooks.enqueue(committed);
            return result;
        }
        catch (error) {
            pendingDeliveries = [];
            throw error;
        }
    }
    /** Due anonymization transitions, with their events (`customers.update`, `…_completed`). */
    function advance(now) {
        transact(() => {
            for (const transition of advanceAnonymizations(store, now)) {
                const topics = topicsOf('customers', transition.before, transition.after, false);
                if (registry.get('customers')?.relationships.has('events')) {
                    collectDeliveries({ type: 'customers', row: transition.after, topics });
                }
            }
        });
    }
    function and(...parts) {
        const present = parts.filter((part) => part !== undefined && part.sql !== '');
        return {
            sql: present.map((part) => `(${part.sql})`).join(' AND '),
            params: present.flatMap((part) => part.params),
        };
    }
    function serializer(ctx, fields) {
        return new Serializer(registry, graph, hooks, ctx, fields);
    }
    function single(ctx, type, row, query, overrides) {
        const meta = registry.require(type);
        const include = parseInclude(registry, meta, query);
        const fields = parseFields(registry, query);
        const output = serializer(ctx, fields);
        const data = row ? output.primary(type, row, include, overrides) : null;
        return withIncluded({ data }, output, include);
    }
    function withIncluded(document, output, include) {
        if (include.size > 0) {
            document.included = output.included();
        }
        return document;
    }
    function list(ctx, type, scope, query, url) {
        const meta = registry.require(type);
        const include = parseInclude(registry, meta, query);
        const fields = parseFields(registry, query);
        const order = parseSort(meta, query);
        const page = parsePage(query);
        const where = and(scope, filters.compile(meta, query));
        const recordCount = store.count(type, where);
        const pageCount = Math.ceil(recordCount / page.size);
        const rows = store.select(type, where, order, page.size, (page.number - 1) * page.size);
        const output = serializer(ctx, fields);
        const data = rows.map((row) => output.primary(type, row, include));
        return withIncluded({
            data,
            meta: { record_count: recordCount, page_count: pageCount },
            links: pageLinks(url, query, page, pageCount),
        }, output, include);
    }
    function emptyList(query, url) {
        const page = parsePage(query);
        return {
            data: [],
            meta: { record_count: 0, page_count: 0 },
            links: pageLinks(url, query, page, 0),
        };
    }
    function find(meta, id, scope) {
        const where = and({ sql: 't.id = ?', params: [id] }, scope);
        const row = store.select(meta.type, where, 't.seq ASC', 1)[0];
        if (!row) {
            throw errors.recordNotFound();
        }
        return row;
    }
    function route(request, ctx) {
        const [type = '', id, third, fourth, ...rest] = request.segments;
        const meta = registry.get(type);
        if (!meta || rest.length > 0 || (third === 'relationships' && fourth === undefined)) {
            throw errors.routeNotFound(request.segments.join('/'));
        }
        const query = request.query;
        const url = `${request.baseUrl}/${request.segments.join('/')}`;
        const check = (operation) => {
            const action = operation === 'list' ? 'list' : operation;
            if (!meta.actions.has(action)) {
                throw errors.methodNotAllowed(request.method, meta.type);
            }
            return access.authorize(ctx.auth, meta, operation);
        };
        if (request.method === 'GET') {
            if (id === undefined) {
                return { status: 200, body: list(ctx, meta.type, check('list'), query, url) };
            }
            const row = find(meta, id, check('retrieve'));
            if (third === undefined) {
                return { status: 200, body: single(ctx, meta.type, row, query) };
            }
            const relName = third === 'relationships' ? (fourth ?? '') : third;
            const rel = meta.relationships.get(relName);
            if (!rel || (third !== 'relationships' && fourth !== undefined)) {
                throw errors.routeNotFound(request.segments.join('/'));
            }
            const related = graph.related(meta, rel, row, ctx);
            if (third === 'relationships') {
                const self = `${request.baseUrl}/${meta.type}/${row.id}`;
                const rows = graph.relatedRows(meta, rel, row, ctx, related);
                const relatedType = related.type ?? rel.targetType;
                const identifiers = relatedType
                    ? rows.map((child) => ({ type: relatedType, id: child.id }))
                    : [];
                return {
                    status: 200,
                    body: {
                        data: rel.kind === 'has_one' ? (identifiers[0] ?? null) : identifiers,
                        links: { self: `${self}/relationships/${rel.name}`, related: `${self}/${rel.name}` },
                    },
                };
            }
            if (!related.many) {
                if (!related.type || !registry.get(related.type)) {
                    return { status: 200, body: { data: null } };
                }
                return { status: 200, body: single(ctx, related.type, related.row, query) };
            }
            if (!related.type || !related.where || !registry.get(related.type)) {
                return { status: 200, body: emptyList(query, url) };
            }
            return { status: 200, body: list(ctx, related.type, related.where, query, url) };
        }
        if (third !== undefined) {
            throw errors.methodNotAllowed(request.method, `${meta.type}/${third}`);
        }
        const writable = WRITABLE[meta.type];
        if (request.method === 'POST') {
            if (id !== undefined) {
                throw errors.methodNotAllowed(request.method, `${meta.type}/${id}`);
            }
            check('create');
            if (!writable?.has('create')) {
                throw errors.methodNotAllowed(request.method, meta.type);
            }
            const input = parseBody(registry, store, meta, request.body, 'create', ctx.auth);
            guardOwner(ctx, meta, input.relationships.get('customer'));
            const result = writer.create(meta, input, ctx);
            guardWritten(ctx, meta, result.row.id);
            return {
                status: 201,
                body: single(ctx, meta.type, store.get(meta.type, result.row.id), query, result.overrides),
            };
        }
        if (id === undefined) {
            throw errors.methodNotAllowed(request.method, meta.type);
        }
        if (request.method === 'PATCH') {
            const scope = check('update');
            if (!writable?.has('update')) {
                throw errors.methodNotAllowed(request.method, meta.type);
            }
            const row = find(meta, id, scope);
            const input = parseBody(registry, store, meta, request.body, 'update', ctx.auth, id);
            guardOwner(ctx, meta, input.relationships.get('customer'));
            const result = writer.update(meta, row, input, ctx);
            guardWritten(ctx, meta, result.row.id);
            return {
                status: 200,
                body: single(ctx, meta.type, store.get(meta.type, result.row.id), query),
            };
        }
        if (request.method === 'DELETE') {
            const scope = check('delete');
            if (!writable?.has('delete')) {
                throw errors.methodNotAllowed(request.method, meta.type);
            }
            writer.delete(meta, find(meta, id, scope));
            return { status: 204 };
        }
        throw errors.methodNotAllowed(request.method, meta.type);
    }
    /** A customer token may only attach records to its own customer. */
    function guardOwner(ctx, meta, customer) {
        const owner = ctx.auth.ownerCustomerId;
        if (ctx.auth.kind !== 'sales_channel' || !owner || meta.type === 'customers') {
            return;
        }
        if (customer && !Array.isArray(customer) && customer.id !== owner) {
            throw errors.unauthorized();
        }
    }
    /**
     * After a customer token's write: a record with an owner must still be its own (a customer
     * subscription for another email, a return of another customer's order…): else 401, and the
     * transaction rolls back.
     */
    function guardWritten(ctx, meta, id) {
        const owner = ctx.auth.ownerCustomerId;
        if (ctx.auth.kind !== 'sales_channel' ||
            !owner ||
            ['customers', 'addresses'].includes(meta.type)) {
            return;
        }
        const scope = access.ownerScope(meta, owner);
        if (scope && store.count(meta.type, and({ sql: 't.id = ?', params: [id] }, scope)) === 0) {
            throw errors.unauthorized();
        }
    }
    function errorResponse(error) {
        return { status: error.status, body: { errors: error.errors } };
    }
    return {
        handle(request) {
            const ctx = {
                auth: request.auth,
                baseUrl: request.baseUrl,
                now: options.clock.now(),
                organizationId: options.organization.id,
            };
            webhookBaseUrl = request.baseUrl;
            try {
                advance(ctx.now);
                return transact(() => route(request, ctx));
            }
            catch (error) {
                if (isApiError(error)) {
                    return errorResponse(error);
                }
                // A bug, not a client mistake: the HTTP layer logs it and answers 500.
                throw error;
            }
        },
        authenticateCustomer(email, password) {
            advance(options.clock.now());
            const customer = store.select('customers', { sql: 't.a_email = ?', params: [email.trim().toLowerCase()] }, 't.seq ASC', 1)[0];
            if (!customer || !verifyPassword(password, customer.internal.password_hash)) {
                return null;
            }
            return customer.id;
        },
        resolveScope(scope) {
            const ids = [];
            for (const part of scope.trim().split(/\s+/).filter(Boolean)) {
                const [kind, by, value] = part.split(':');
                if (kind !== 'market') {
                    // stock_location:… and store:… scopes do not select markets.
                    continue;
                }
                if (by === 'all' && value === undefined) {
                    ids.push(...store.select('markets', { sql: '', params: [] }, 't.seq ASC').map((m) => m.id));
                    continue;
                }
                if (value === undefined || (by !== 'code' && by !== 'id')) {
                    return null;
                }
                const where = by === 'code'
                    ? { sql: 't.a_code = ?', params: [value] }
                    : { sql: 't.id = ?', params: [value] };
                const market = store.select('markets', where, 't.seq ASC', 1)[0];
                if (!market) {
                    return null;
                }
                ids.push(market.id);
            }
            return [...new Set(ids)];
        },
        seed(seedOptions) {
            return seedStore(store, registry, seedOptions);
        },
        storedSeed() {
            return storedSeed(store);
        },
        counts() {
            return store.counts();
        },
        tick() {
            advance(options.clock.now());
        },
        webhooks,
        setBaseUrl(url) {
            webhookBaseUrl = url;
        },
        close() {
            webhooks.close();
            store.close();
        },
    };
}
//# sourceMappingURL=api.js.map