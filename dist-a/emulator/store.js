import Database from 'better-sqlite3';
import { linkOf } from "./relations.js";
import { quote } from "./sql.js";
/** Attributes (`a_`) and internal keys (`i_`) copied into indexed columns. */
export const INDEXED_COPIES = {
    customers: { attrs: ['email', 'status', 'anonymization_status', 'total_orders_count'] },
    tags: { attrs: ['name'] },
    markets: { attrs: ['code'] },
    orders: { attrs: ['status', 'placed_at'] },
    event_stores: { attrs: ['resource_type', 'resource_id'] },
    events: { internal: ['owner_type'] },
    customer_password_resets: { internal: ['token_hash'] },
};
const SCHEMA_VERSION = 3;
/** A JSON value as `json_extract` would return it. */
function sqlValue(value) {
    if (value === undefined || value === null) {
        return null;
    }
    if (typeof value === 'boolean') {
        return value ? 1 : 0;
    }
    if (typeof value === 'object') {
        return JSON.stringify(value);
    }
    return value;
}
/** Tables whose lists are commonly sorted or filtered by `created_at` / `updated_at`. */
const SORTED_BY_DATE = new Set(['customers', 'orders']);
export class Store {
    db;
    registry;
    #tables = new Map();
    #statements = new Map();
    constructor(registry, file = ':memory:') {
        this.registry = registry;
        this.db = new Database(file);
        if (file !== ':memory:') {
            this.db.pragma('journal_mode = WAL');
        }
        this.db.pragma('synchronous = NORMAL');
        this.#migrate();
    }
    #migrate() {
        const version = this.db.pragma('user_version', { simple: true });
        if (version !== 0 && version !== SCHEMA_VERSION) {
            throw new Error(`Emulator database has schema version ${version}, expected ${SCHEMA_VERSION}; delete the file`);
        }
        const ddl = [];
        const joined = this.#joinedColumns();
        for (const meta of this.registry.all()) {
            const table = quote(meta.type);
            const columns = [
                'seq INTEGER PRIMARY KEY',
                'id TEXT NOT NULL UNIQUE',
                'created_at TEXT NOT NULL',
                'updated_at TEXT NOT NULL',
                "attrs TEXT NOT NULL DEFAULT '{}'",
                "internal TEXT NOT NULL DEFAULT '{}'",
            ];
            const indexes = SORTED_BY_DATE.has(meta.type)
                ? [
                    // (date, id): clients page with `sort=created_at,id` (a unique order); SQLite then walks
                    // the index instead of sorting the whole table for every deep page.
                    `CREATE UNIQUE INDEX IF NOT EXISTS ${quote(`${meta.type}_created_at`)} ON ${table}(created_at, id)`,
                    `CREATE UNIQUE INDEX IF NOT EXISTS ${quote(`${meta.type}_updated_at`)} ON ${table}(updated_at, id)`,
                ]
                : [];
            for (const rel of meta.storedHasOne) {
                columns.push(`${quote(`${rel.name}_id`)} TEXT`);
                if (rel.polymorphic) {
                    columns.push(`${quote(`${rel.name}_type`)} TEXT`);
                }
                if (joined.has(`${meta.type}.${rel.name}_id`)) {
                    indexes.push(`CREATE INDEX IF NOT EXISTS ${quote(`${meta.type}_${rel.name}_id`)} ON ${table}(${quote(`${rel.name}_id`)})`);
                }
            }
            const copied = INDEXED_COPIES[meta.type] ?? {};
            for (const name of copied.attrs ?? []) {
                columns.push(`${quote(`a_${name}`)}`);
                indexes.push(`CREATE INDEX IF NOT EXISTS ${quote(`${meta.type}_a_${name}`)} ON ${table}(${quote(`a_${name}`)})`);
            }
            for (const name of copied.internal ?? []) {
                columns.push(`${quote(`i_${name}`)}`);
                indexes.push(`CREATE INDEX IF NOT EXISTS ${quote(`${meta.type}_i_${name}`)} ON ${table}(${quote(`i_${name}`)})`);
            }
            ddl.push(`CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')})`, ...indexes);
        }
        ddl.push(`CREATE TABLE IF NOT EXISTS taggings (
        taggable_type TEXT NOT NULL, taggable_id TEXT NOT NULL, tag_id TEXT NOT NULL,
        seq INTEGER NOT NULL, PRIMARY KEY (taggable_type, taggable_id, tag_id)) WITHOUT ROWID`, 'CREATE INDEX IF NOT EXISTS taggings_tag_id ON taggings(tag_id)', 'CREATE TABLE IF NOT EXISTS emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)', 'CREATE UNIQUE INDEX IF NOT EXISTS customers_email_unique ON customers(a_email)');
        this.db.transaction(() => {
            for (const statement of ddl) {
                this.db.exec(statement);
            }
            this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
        })();
    }
    /**
     * Foreign-key columns worth an index: those a has_many relationship reads back
     * (`orders.customer_id` for `customers.orders`), plus the few that deletes and scopes use.
     * Indexing every has_one column would slow the seed down for lookups nobody makes.
     */
    #joinedColumns() {
        const joined = new Set([
            'customer_addresses.address_id',
            'customer_password_resets.customer_id',
        ]);
        for (const meta of this.registry.all()) {
            for (const rel of meta.relationships.values()) {
                const link = linkOf(this.registry, meta, rel);
                if (link.kind === 'inverse' || link.kind === 'inversePolymorphic') {
                    joined.add(`${link.target}.${link.column}`);
                }
            }
        }
        return joined;
    }
    /** A cached prepared statement. */
    statement(sql) {
        let prepared = this.#statements.get(sql);
        if (!prepared) {
            prepared = this.db.prepare(sql);
            this.#statements.set(sql, prepared);
        }
        return prepared;
    }
    #table(type) {
        let statements = this.#tables.get(type);
        if (statements) {
            return statements;
        }
        const meta = this.registry.require(type);
        const relColumns = [];
        for (const rel of meta.storedHasOne) {
            relColumns.push(`${rel.name}_id`);
            if (rel.polymorphic) {
                relColumns.push(`${rel.name}_type`);
            }
        }
        const copies = INDEXED_COPIES[type] ?? {};
        const columns = [
            'id',
            'created_at',
            'updated_at',
            'attrs',
            'internal',
            ...relColumns,
            ...(copies.attrs ?? []).map((name) => `a_${name}`),
            ...(copies.internal ?? []).map((name) => `i_${name}`),
        ];
        const table = quote(type);
        statements = {
            insert: this.db.prepare(`INSERT INTO ${table} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`),
            update: this.db.prepare(`UPDATE ${table} SET ${columns
                .slice(1)
                .map((column) => `${quote(column)} = ?`)
                .join(', ')} WHERE id = ?`),
            byId: this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`),
            delete: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
            count: this.db.prepare(`SELECT count(*) AS n FROM ${table}`),
            relColumns,
        };
        this.#tables.set(type, statements);
        return statements;
    }
    #values(meta, row) {
        const values = [
            row.created_at,
            row.updated_at,
            JSON.stringify(row.attrs),
            JSON.stringify(row.internal),
        ];
        for (const rel of meta.storedHasOne) {
            values.push(row.rels[rel.name] ?? null);
            if (rel.polymorphic) {
                values.push(row.relTypes[rel.name] ?? null);
            }
        }
        const copies = INDEXED_COPIES[meta.type];
        for (const name of copies?.attrs ?? []) {
            values.push(sqlValue(row.attrs[name]));
        }
        for (const name of copies?.internal ?? []) {
            values.push(sqlValue(row.internal[name]));
        }
        return values;
    }
    parse(type, raw) {
        const meta = this.registry.require(type);
        const rels = {};
        const relTypes = {};
        for (const rel of meta.storedHasOne) {
            rels[rel.name] = raw[`${rel.name}_id`] ?? null;
            if (rel.polymorphic) {
                relTypes[rel.name] = raw[`${rel.name}_type`] ?? null;
            }
        }
        return {
            id: raw.id,
            seq: raw.seq,
            created_at: raw.created_at,
            updated_at: raw.updated_at,
            attrs: JSON.parse(raw.attrs),
            internal: JSON.parse(raw.internal),
            rels,
            relTypes,
        };
    }
    get(type, id) {
        const raw = this.#table(type).byId.get(id);
        return raw ? this.parse(type, raw) : undefined;
    }
    /** Rows with these ids, in the order of `ids` (absent ids skipped). */
    getMany(type, ids) {
        if (ids.length === 0) {
            return [];
        }
        const found = new Map();
        for (let start = 0; start < ids.length; start += 500) {
            const chunk = ids.slice(start, start + 500);
            const raws = this.statement(`SELECT * FROM ${quote(type)} WHERE id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk);
            for (const raw of raws) {
                found.set(raw.id, this.parse(type, raw));
            }
        }
        return ids.flatMap((id) => {
            const row = found.get(id);
            return row ? [row] : [];
        });
    }
    /** `SELECT … FROM type t WHERE … ORDER BY … LIMIT … OFFSET …` (alias `t`). */
    select(type, where, orderBy, limit, offset) {
        const paging = limit === undefined ? '' : ` LIMIT ${limit} OFFSET ${offset ?? 0}`;
        const sql = `SELECT t.* FROM ${quote(type)} t WHERE ${where.sql || '1'} ORDER BY ${orderBy}${paging}`;
        const raws = this.statement(sql).all(...where.params);
        return raws.map((raw) => this.parse(type, raw));
    }
    count(type, where) {
        if (!where || where.sql === '') {
            return this.#table(type).count.get().n;
        }
        const sql = `SELECT count(*) AS n FROM ${quote(type)} t WHERE ${where.sql}`;
        return this.statement(sql).get(...where.params).n;
    }
    insert(type, row) {
        const meta = this.registry.require(type);
        const result = this.#table(type).insert.run(row.id, ...this.#values(meta, row));
        return { ...row, seq: Number(result.lastInsertRowid) };
    }
    save(type, row) {
        const meta = this.registry.require(type);
        this.#table(type).update.run(...this.#values(meta, row), row.id);
    }
    delete(type, id) {
        this.#table(type).delete.run(id);
        this.statement('DELETE FROM taggings WHERE taggable_type = ? AND taggable_id = ?').run(type, id);
        if (type === 'tags') {
            this.statement('DELETE FROM taggings WHERE tag_id = ?').run(id);
        }
    }
    /** Tag ids of one record, in the order they were attached. */
    tagIds(type, id) {
        const rows = this.statement('SELECT tag_id FROM taggings WHERE taggable_type = ? AND taggable_id = ? ORDER BY seq').all(type, id);
        return rows.map((row) => row.tag_id);
    }
    setTags(type, id, tagIds) {
        this.statement('DELETE FROM taggings WHERE taggable_type = ? AND taggable_id = ?').run(type, id);
        const insert = this.statement('INSERT INTO taggings (taggable_type, taggable_id, tag_id, seq) VALUES (?, ?, ?, ?)');
        tagIds.forEach((tagId, index) => {
            insert.run(type, id, tagId, index);
        });
    }
    /**
     * Runs a bulk insert in one transaction with the secondary indexes dropped, then rebuilds them:
     * building an index once over sorted data beats maintaining it row by row (the seed's 60,000
     * rows). A duplicate that a unique index would have refused fails the rebuild, and everything
     * rolls back.
     */
    bulkLoad(fn) {
        return this.transaction(() => {
            const indexes = this.db
                .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
                .all();
            for (const index of indexes) {
                this.db.exec(`DROP INDEX ${quote(index.name)}`);
            }
            const result = fn();
            for (const index of indexes) {
                this.db.exec(index.sql);
            }
            return result;
        });
    }
    transaction(fn) {
        return this.db.transaction(fn)();
    }
    /** A JSON value kept beside the data (e.g. the seed summary). */
    getMeta(key) {
        const row = this.statement('SELECT value FROM emulator_meta WHERE key = ?').get(key);
        return row ? JSON.parse(row.value) : undefined;
    }
    setMeta(key, value) {
        this.statement('INSERT INTO emulator_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
    }
    counts() {
        const counts = {};
        for (const type of this.registry.types()) {
            counts[type] = this.count(type);
        }
        return counts;
    }
    close() {
        this.db.close();
    }
}
export { quote };
//# sourceMappingURL=store.js.map