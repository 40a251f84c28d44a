import Database from 'better-sqlite3';
import type { Registry, ResourceMeta } from './registry.ts';
import { linkOf } from './relations.ts';
import { quote, type Where } from './sql.ts';

/**
 * The SQLite store: one table per JSON:API type with
 * - `seq` (the rowid: insertion order, Commerce Layer's default list order),
 * - `id` (the public 10-letter id, unique),
 * - `created_at` / `updated_at` as real columns (sorted and filtered everywhere),
 * - `attrs` (JSON of the stored attributes) and `internal` (JSON never serialised: password hash,
 *   reset token hash, anonymization schedule, market → stock locations),
 * - `<rel>_id` (+ `<rel>_type` when polymorphic) for every stored has_one relationship,
 * - copies (`a_<attr>` / `i_<key>`) of what is filtered and sorted often, indexed; the store
 *   writes them from the JSON on every insert/save, as json_extract would read them (booleans
 *   as 0/1), which is cheaper than generated columns when seeding.
 * Tags live in the `taggings` join table. Everything is synchronous, as better-sqlite3 is.
 */

export interface Row {
  readonly id: string;
  seq: number;
  created_at: string;
  updated_at: string;
  attrs: Record<string, unknown>;
  internal: Record<string, unknown>;
  /** has_one relationship name → target id. */
  rels: Record<string, string | null>;
  /** polymorphic has_one relationship name → target JSON:API type. */
  relTypes: Record<string, string | null>;
}

/** Attributes (`a_`) and internal keys (`i_`) copied into indexed columns. */
export const INDEXED_COPIES: Readonly<Record<string, { attrs?: string[]; internal?: string[] }>> = {
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
function sqlValue(value: unknown): unknown {
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

interface RawRow {
  seq: number;
  id: string;
  created_at: string;
  updated_at: string;
  attrs: string;
  internal: string;
  [column: string]: unknown;
}

interface TableStatements {
  insert: Database.Statement;
  update: Database.Statement;
  byId: Database.Statement;
  delete: Database.Statement;
  count: Database.Statement;
  relColumns: string[];
}

export class Store {
  readonly db: Database.Database;
  readonly registry: Registry;
  readonly #tables = new Map<string, TableStatements>();
  readonly #statements = new Map<string, Database.Statement>();

  constructor(registry: Registry, file = ':memory:') {
    this.registry = registry;
    this.db = new Database(file);
    if (file !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
    }
    this.db.pragma('synchronous = NORMAL');
    this.#migrate();
  }

  #migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version !== 0 && version !== SCHEMA_VERSION) {
      throw new Error(
        `Emulator database has schema version ${version}, expected ${SCHEMA_VERSION}; delete the file`,
      );
    }
    const ddl: string[] = [];
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
      const indexes: string[] = SORTED_BY_DATE.has(meta.type)
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
          indexes.push(
            `CREATE INDEX IF NOT EXISTS ${quote(`${meta.type}_${rel.name}_id`)} ON ${table}(${quote(`${rel.name}_id`)})`,
          );
        }
      }
      const copied = INDEXED_COPIES[meta.type] ?? {};
      for (const name of copied.attrs ?? []) {
        columns.push(`${quote(`a_${name}`)}`);
        indexes.push(
          `CREATE INDEX IF NOT EXISTS ${quote(`${meta.type}_a_${name}`)} ON ${table}(${quote(`a_${name}`)})`,
        );
      }
      for (const name of copied.internal ?? []) {
        columns.push(`${quote(`i_${name}`)}`);
        indexes.push(
          `CREATE INDEX IF NOT EXISTS ${quote(`${meta.type}_i_${name}`)} ON ${table}(${quote(`i_${name}`)})`,
        );
      }
      ddl.push(`CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')})`, ...indexes);
    }
    ddl.push(
      `CREATE TABLE IF NOT EXISTS taggings (
        taggable_type TEXT NOT NULL, taggable_id TEXT NOT NULL, tag_id TEXT NOT NULL,
        seq INTEGER NOT NULL, PRIMARY KEY (taggable_type, taggable_id, tag_id)) WITHOUT ROWID`,
      'CREATE INDEX IF NOT EXISTS taggings_tag_id ON taggings(tag_id)',
      'CREATE TABLE IF NOT EXISTS emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
      'CREATE UNIQUE INDEX IF NOT EXISTS customers_email_unique ON customers(a_email)',
    );
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
  #joinedColumns(): Set<string> {
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
  statement(sql: string): Database.Statement {
    let prepared = this.#statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }

  #table(type: string): TableStatements {
    let statements = this.#tables.get(type);
    if (statements) {
      return statements;
    }
    const meta = this.registry.require(type);
    const relColumns: string[] = [];
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
      insert: this.db.prepare(
        `INSERT INTO ${table} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ),
      update: this.db.prepare(
        `UPDATE ${table} SET ${columns
          .slice(1)
          .map((column) => `${quote(column)} = ?`)
          .join(', ')} WHERE id = ?`,
      ),
      byId: this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`),
      delete: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      count: this.db.prepare(`SELECT count(*) AS n FROM ${table}`),
      relColumns,
    };
    this.#tables.set(type, statements);
    return statements;
  }

  #values(meta: ResourceMeta, row: Row): unknown[] {
    const values: unknown[] = [
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

  parse(type: string, raw: RawRow): Row {
    const meta = this.registry.require(type);
    const rels: Record<string, string | null> = {};
    const relTypes: Record<string, string | null> = {};
    for (const rel of meta.storedHasOne) {
      rels[rel.name] = (raw[`${rel.name}_id`] as string | null) ?? null;
      if (rel.polymorphic) {
        relTypes[rel.name] = (raw[`${rel.name}_type`] as string | null) ?? null;
      }
    }
    return {
      id: raw.id,
      seq: raw.seq,
      created_at: raw.created_at,
      updated_at: raw.updated_at,
      attrs: JSON.parse(raw.attrs) as Record<string, unknown>,
      internal: JSON.parse(raw.internal) as Record<string, unknown>,
      rels,
      relTypes,
    };
  }

  get(type: string, id: string): Row | undefined {
    const raw = this.#table(type).byId.get(id) as RawRow | undefined;
    return raw ? this.parse(type, raw) : undefined;
  }

  /** Rows with these ids, in the order of `ids` (absent ids skipped). */
  getMany(type: string, ids: readonly string[]): Row[] {
    if (ids.length === 0) {
      return [];
    }
    const found = new Map<string, Row>();
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const raws = this.statement(
        `SELECT * FROM ${quote(type)} WHERE id IN (${chunk.map(() => '?').join(', ')})`,
      ).all(...chunk) as RawRow[];
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
  select(type: string, where: Where, orderBy: string, limit?: number, offset?: number): Row[] {
    const paging = limit === undefined ? '' : ` LIMIT ${limit} OFFSET ${offset ?? 0}`;
    const sql = `SELECT t.* FROM ${quote(type)} t WHERE ${where.sql || '1'} ORDER BY ${orderBy}${paging}`;
    const raws = this.statement(sql).all(...where.params) as RawRow[];
    return raws.map((raw) => this.parse(type, raw));
  }

  count(type: string, where?: Where): number {
    if (!where || where.sql === '') {
      return (this.#table(type).count.get() as { n: number }).n;
    }
    const sql = `SELECT count(*) AS n FROM ${quote(type)} t WHERE ${where.sql}`;
    return (this.statement(sql).get(...where.params) as { n: number }).n;
  }

  insert(type: string, row: Omit<Row, 'seq'> & { seq?: number }): Row {
    const meta = this.registry.require(type);
    const result = this.#table(type).insert.run(row.id, ...this.#values(meta, row as Row));
    return { ...row, seq: Number(result.lastInsertRowid) };
  }

  save(type: string, row: Row): void {
    const meta = this.registry.require(type);
    this.#table(type).update.run(...this.#values(meta, row), row.id);
  }

  delete(type: string, id: string): void {
    this.#table(type).delete.run(id);
    this.statement('DELETE FROM taggings WHERE taggable_type = ? AND taggable_id = ?').run(
      type,
      id,
    );
    if (type === 'tags') {
      this.statement('DELETE FROM taggings WHERE tag_id = ?').run(id);
    }
  }

  /** Tag ids of one record, in the order they were attached. */
  tagIds(type: string, id: string): string[] {
    const rows = this.statement(
      'SELECT tag_id FROM taggings WHERE taggable_type = ? AND taggable_id = ? ORDER BY seq',
    ).all(type, id) as { tag_id: string }[];
    return rows.map((row) => row.tag_id);
  }

  setTags(type: string, id: string, tagIds: readonly string[]): void {
    this.statement('DELETE FROM taggings WHERE taggable_type = ? AND taggable_id = ?').run(
      type,
      id,
    );
    const insert = this.statement(
      'INSERT INTO taggings (taggable_type, taggable_id, tag_id, seq) VALUES (?, ?, ?, ?)',
    );
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
  bulkLoad<T>(fn: () => T): T {
    return this.transaction(() => {
      const indexes = this.db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .all() as { name: string; sql: string }[];
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

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** A JSON value kept beside the data (e.g. the seed summary). */
  getMeta(key: string): unknown {
    const row = this.statement('SELECT value FROM emulator_meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.statement(
      'INSERT INTO emulator_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(key, JSON.stringify(value));
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const type of this.registry.types()) {
      counts[type] = this.count(type);
    }
    return counts;
  }

  close(): void {
    this.db.close();
  }
}

export { quote, type Where };
