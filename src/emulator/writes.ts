import { randomUUID } from 'node:crypto';
import {
  type AnonymizationTiming,
  cancelAnonymization,
  requestAnonymization,
  requesterFor,
} from './anonymization.ts';
import type { Identifier, WriteInput } from './body.ts';
import { errors } from './errors.ts';
import { isoTime, newId } from './ids.ts';
import { digestToken, hashPassword, newToken } from './passwords.ts';
import type { Registry, ResourceMeta } from './registry.ts';
import type { RequestContext } from './serialize.ts';
import type { Row, Store } from './store.ts';

/**
 * Create / update / delete with Commerce Layer's rules. Every call runs inside the request's
 * transaction (api.ts): a thrown ApiError leaves nothing written.
 */

export const MAX_TAGS = 10;
const TAG_NAME = /^[a-z0-9_:-]{1,25}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Types the emulator writes; others answer 405. */
export const WRITABLE: Readonly<Record<string, ReadonlySet<'create' | 'update' | 'delete'>>> = {
  customers: new Set(['create', 'update', 'delete']),
  customer_groups: new Set(['create', 'update', 'delete']),
  tags: new Set(['create', 'update', 'delete']),
  customer_addresses: new Set(['create', 'update', 'delete']),
  addresses: new Set(['create', 'update', 'delete']),
  customer_password_resets: new Set(['create', 'update']),
};

export interface WriteResult {
  readonly row: Row;
  /** Attribute values shown only in this answer (the reset password token). */
  readonly overrides?: Record<string, unknown>;
}

export interface WriterOptions {
  readonly store: Store;
  readonly registry: Registry;
  readonly anonymization: AnonymizationTiming;
  readonly organizationSlug: string;
}

function blank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function copy(row: Row): Row {
  return structuredClone(row);
}

export class Writer {
  readonly #store: Store;
  readonly #registry: Registry;
  readonly #options: WriterOptions;

  constructor(options: WriterOptions) {
    this.#store = options.store;
    this.#registry = options.registry;
    this.#options = options;
  }

  create(meta: ResourceMeta, input: WriteInput, ctx: RequestContext): WriteResult {
    const now = isoTime(ctx.now);
    const row: Row = {
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
    let overrides: Record<string, unknown> | undefined;
    switch (meta.type) {
      case 'customers':
        this.#customer(row, undefined, input, ctx);
        break;
      case 'customer_password_resets':
        overrides = this.#createPasswordReset(row, input);
        break;
      default:
        this.#validate(meta.type, row, undefined, input);
    }
    const saved = this.#store.insert(meta.type, row);
    const tagsChanged = this.#tags(meta, saved, input, true);
    this.#record(meta.type, undefined, saved, ctx, tagsChanged);
    return { row: saved, ...(overrides ? { overrides } : {}) };
  }

  update(meta: ResourceMeta, before: Row, input: WriteInput, ctx: RequestContext): WriteResult {
    const row = copy(before);
    this.#assign(meta, row, input);
    switch (meta.type) {
      case 'customers':
        this.#customer(row, before, input, ctx);
        break;
      case 'customer_password_resets':
        this.#usePasswordReset(row, input, ctx);
        break;
      default:
        this.#validate(meta.type, row, before, input);
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
    return { row };
  }

  delete(meta: ResourceMeta, row: Row): void {
    const store = this.#store;
    switch (meta.type) {
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
          .statement(
            "DELETE FROM attachments WHERE attachable_type = 'customers' AND attachable_id = ?",
          )
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
        const used =
          store.count('orders', {
            sql: 't.shipping_address_id = ? OR t.billing_address_id = ?',
            params: [row.id, row.id],
          }) +
          store.count('stock_locations', { sql: 't.address_id = ?', params: [row.id] }) +
          store.count('returns', {
            sql: 't.origin_address_id = ? OR t.destination_address_id = ?',
            params: [row.id, row.id],
          });
        if (used > 0) {
          throw errors.locked(
            'Cannot delete the address: orders, returns or stock locations use it.',
          );
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
  #assign(meta: ResourceMeta, row: Row, input: WriteInput): void {
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

  #validate(type: string, row: Row, before: Row | undefined, input: WriteInput): void {
    const attrs = row.attrs;
    switch (type) {
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
        const required =
          attrs.business === true
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

  #customer(row: Row, before: Row | undefined, input: WriteInput, ctx: RequestContext): void {
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
      } else {
        delete row.internal.password_hash;
      }
    }
    delete attrs.password;
    for (const name of ['shopper_reference', 'profile_id']) {
      if (blank(attrs[name])) {
        attrs[name] = randomUUID();
      } else if (name === 'shopper_reference') {
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
  #tags(meta: ResourceMeta, row: Row, input: WriteInput, creating: boolean): boolean {
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
      ? replaced.map((identifier: Identifier) => identifier.id)
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

  #tagsByName(list: unknown): string[] {
    if (typeof list !== 'string') {
      return [];
    }
    const names = [
      ...new Set(
        list
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    if (names.length === 0) {
      return [];
    }
    const rows = this.#store.select(
      'tags',
      { sql: `t.a_name IN (${names.map(() => '?').join(', ')})`, params: names },
      't.seq ASC',
    );
    const byName = new Map(rows.map((tag) => [tag.attrs.name, tag.id]));
    return names.flatMap((name) => {
      const id = byName.get(name);
      return id ? [id] : [];
    });
  }

  #createPasswordReset(row: Row, input: WriteInput): Record<string, unknown> {
    const email = input.attributes.customer_email;
    if (blank(email)) {
      throw errors.validation('customer_email', "can't be blank", 'blank');
    }
    const normalised = String(email).trim().toLowerCase();
    const customer = this.#store.select(
      'customers',
      { sql: 't.a_email = ?', params: [normalised] },
      't.seq ASC',
      1,
    )[0];
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

  #usePasswordReset(row: Row, input: WriteInput, ctx: RequestContext): void {
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

  /** An event_store row (create/update, changed attributes, who) for each write. */
  #record(
    type: string,
    before: Row | undefined,
    after: Row,
    ctx: RequestContext,
    tags: boolean,
  ): void {
    if (!this.#registry.get('event_stores')) {
      return;
    }
    const payload: Record<string, unknown> = {};
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
    } else {
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

export function whoOf(ctx: RequestContext): Record<string, unknown> {
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
