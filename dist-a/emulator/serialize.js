import { linkOf, scopeOf } from "./relations.js";
/** Reads relationships of stored rows, whatever their kind (column, inverse, tags, virtual…). */
export class Graph {
    #store;
    #registry;
    #hooks;
    #scope;
    constructor(store, registry, hooks, scope = () => undefined) {
        this.#store = store;
        this.#registry = registry;
        this.#hooks = hooks;
        this.#scope = scope;
    }
    /**
     * To-one: the row (or undefined); to-many: the condition on alias `t` of the target type.
     * Records the token may not see (another customer's) are left out.
     */
    related(meta, rel, row, ctx) {
        const related = this.#related(meta, rel, row, ctx);
        if (!related.type) {
            return related;
        }
        const scope = this.#scope(ctx, related.type);
        if (!scope || scope.sql === '') {
            return related;
        }
        if (!related.many) {
            const visible = related.row !== undefined &&
                this.#store.count(related.type, {
                    sql: `t.id = ? AND (${scope.sql})`,
                    params: [related.row.id, ...scope.params],
                }) > 0;
            return visible ? related : { ...related, row: undefined };
        }
        if (!related.where) {
            return related;
        }
        return {
            ...related,
            where: {
                sql: `(${related.where.sql}) AND (${scope.sql})`,
                params: [...related.where.params, ...scope.params],
            },
        };
    }
    #related(meta, rel, row, ctx) {
        const link = linkOf(this.#registry, meta, rel);
        if (link.kind === 'virtual') {
            const virtual = this.#hooks.virtual(meta.type, rel, row, ctx);
            if (rel.kind === 'has_one') {
                const id = virtual?.ids[0];
                return {
                    many: false,
                    type: virtual?.type,
                    row: virtual && id ? this.#store.get(virtual.type, id) : undefined,
                };
            }
            return {
                many: true,
                type: virtual?.type ?? link.target,
                where: virtual
                    ? {
                        sql: virtual.ids.length > 0 ? `t.id IN (${virtual.ids.map(() => '?').join(', ')})` : '0',
                        params: virtual.ids,
                    }
                    : undefined,
            };
        }
        if (rel.kind === 'has_one') {
            if (link.kind === 'column') {
                const id = row.rels[rel.name];
                return {
                    many: false,
                    type: link.target,
                    row: id ? this.#store.get(link.target, id) : undefined,
                };
            }
            if (link.kind === 'polymorphic') {
                const type = row.relTypes[rel.name] ?? undefined;
                const id = row.rels[rel.name];
                const known = type !== undefined && this.#registry.get(type) !== undefined;
                return { many: false, type, row: known && id ? this.#store.get(type, id) : undefined };
            }
            return { many: false, type: undefined, row: undefined };
        }
        const target = 'target' in link ? link.target : undefined;
        return { many: true, type: target, where: scopeOf(link, meta.type, row.id) };
    }
    /** Every related row (for `include`), in the target's default order. */
    relatedRows(meta, rel, row, ctx, related = this.related(meta, rel, row, ctx)) {
        if (!related.many) {
            return related.row ? [related.row] : [];
        }
        if (!related.type || !related.where) {
            return [];
        }
        return this.#store.select(related.type, related.where, 't.seq ASC');
    }
    relatedType(_meta, rel, row) {
        if (rel.polymorphic) {
            return row.relTypes[rel.name] ?? undefined;
        }
        return rel.targetType;
    }
}
/** Builds JSON:API documents: attributes, relationship links, linkage, `included`, fieldsets. */
export class Serializer {
    #registry;
    #graph;
    #hooks;
    #ctx;
    #fields;
    #included = new Map();
    #primary = new Set();
    constructor(registry, graph, hooks, ctx, fields) {
        this.#registry = registry;
        this.#graph = graph;
        this.#hooks = hooks;
        this.#ctx = ctx;
        this.#fields = fields;
    }
    /** Serialises primary data; call {@link included} afterwards. */
    primary(type, row, include, overrides = {}) {
        this.#primary.add(`${type}:${row.id}`);
        this.#included.delete(`${type}:${row.id}`);
        return this.#resource(type, row, include, overrides);
    }
    included() {
        return [...this.#included.entries()]
            .filter(([key]) => !this.#primary.has(key))
            .map(([, resource]) => resource);
    }
    #resource(type, row, include, overrides = {}) {
        const meta = this.#registry.require(type);
        const fieldset = this.#fields.get(type);
        const self = `${this.#ctx.baseUrl}/${type}/${row.id}`;
        const computed = this.#hooks.computed(type, row, this.#ctx);
        const attributes = {};
        for (const field of meta.fields.values()) {
            if (!field.fetchable || field.name === 'id') {
                continue;
            }
            if (fieldset && !fieldset.has(field.name)) {
                continue;
            }
            const name = field.name;
            attributes[name] =
                name in overrides
                    ? overrides[name]
                    : name in computed
                        ? computed[name]
                        : name === 'created_at' || name === 'updated_at'
                            ? row[name]
                            : (row.attrs[name] ?? null);
        }
        const relationships = {};
        for (const rel of meta.relationships.values()) {
            if (fieldset && !fieldset.has(rel.name)) {
                continue;
            }
            const entry = {
                links: { self: `${self}/relationships/${rel.name}`, related: `${self}/${rel.name}` },
            };
            const nested = include.get(rel.name);
            if (nested) {
                entry.data = this.#linkage(meta, rel, row, nested);
            }
            relationships[rel.name] = entry;
        }
        return {
            id: row.id,
            type,
            links: { self },
            attributes,
            relationships,
            meta: {
                mode: this.#ctx.auth.test ? 'test' : 'live',
                organization_id: this.#ctx.organizationId,
            },
        };
    }
    /** Linkage for an included relationship; adds the related resources to `included`. */
    #linkage(meta, rel, row, nested) {
        const related = this.#graph.related(meta, rel, row, this.#ctx);
        const rows = this.#graph.relatedRows(meta, rel, row, this.#ctx, related);
        const type = related.type ?? this.#graph.relatedType(meta, rel, row);
        const identifiers = type ? rows.map((child) => ({ type, id: child.id })) : [];
        if (type) {
            for (const child of rows) {
                this.#add(type, child, nested);
            }
        }
        if (rel.kind === 'has_one') {
            return identifiers[0] ?? null;
        }
        return identifiers;
    }
    #add(type, row, include) {
        const key = `${type}:${row.id}`;
        const existing = this.#included.get(key);
        if (existing && include.size === 0) {
            return;
        }
        if (this.#primary.has(key) && include.size === 0) {
            return;
        }
        if (!existing) {
            // Reserve the slot first, so a record precedes what it includes in `included`.
            this.#included.set(key, { id: row.id, type });
        }
        const resource = this.#resource(type, row, include);
        if (existing) {
            // The same record reached through two paths: keep every linkage either path asked for.
            for (const [name, entry] of Object.entries(resource.relationships)) {
                if (entry.data === undefined && existing.relationships[name]?.data !== undefined) {
                    entry.data = existing.relationships[name].data;
                }
            }
        }
        this.#included.set(key, resource);
    }
}
//# sourceMappingURL=serialize.js.map