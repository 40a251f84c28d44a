import { errors } from './errors.ts';
import type { Registry, ResourceMeta } from './registry.ts';
import type { Where } from './store.ts';
import type { AuthContext } from './types.ts';

/**
 * What a token may do, inside the JSON:API layer (the HTTP layer already checked the token),
 * following Commerce Layer's roles table (https://docs.commercelayer.io/core/roles-and-permissions):
 * - integration / webapp tokens: everything.
 * - sales channel guest (client_credentials, no owner): the "Client credentials" table, resource
 *   by resource, single resources only (no lists), with the documented status restrictions.
 * - sales channel customer token (password / JWT bearer, owner = a customer): the guest rights
 *   plus the "Password" table; records that belong to a customer are limited to its own (lists
 *   are scoped, other ids answer 404); records of other customers are never visible, whether
 *   retrieved by id, followed through a relationship or included.
 * Anything not granted is 401 UNAUTHORIZED, as Commerce Layer answers.
 */
export type Operation = 'list' | 'retrieve' | 'create' | 'update' | 'delete';

/** `true`: allowed; a Where (alias `t`): allowed on the records it selects. */
type Grant = true | Where;
type Rules = Readonly<Record<string, Partial<Record<Operation, Grant>>>>;

const ALL: Grant = true;
const status = (...values: string[]): Where => ({
  sql: `json_extract(t.attrs, '$.status') IN (${values.map(() => '?').join(', ')})`,
  params: values,
});
const CRUD = { create: ALL, retrieve: ALL, update: ALL, delete: ALL } as const;

/** Sales channel, client_credentials (guest): the roles table's "Client credentials" rows. */
export const GUEST_RULES: Rules = {
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
export const CUSTOMER_RULES: Rules = {
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

const NOTHING: Where = { sql: '0', params: [] };
const EVERYTHING: Where = { sql: '', params: [] };

function and(...parts: (Where | undefined)[]): Where {
  const present = parts.filter((part): part is Where => part !== undefined && part.sql !== '');
  if (present.length === 0) {
    return EVERYTHING;
  }
  return {
    sql: present.map((part) => `(${part.sql})`).join(' AND '),
    params: present.flatMap((part) => part.params),
  };
}

function or(parts: Where[]): Where {
  if (parts.length === 0) {
    return NOTHING;
  }
  return {
    sql: parts.map((part) => `(${part.sql})`).join(' OR '),
    params: parts.flatMap((part) => part.params),
  };
}

function grantWhere(grant: Grant | undefined): Where | undefined {
  if (grant === undefined) {
    return undefined;
  }
  return grant === true ? EVERYTHING : grant;
}

export interface Access {
  /** The condition (alias `t`) the operation is restricted to; throws 401 when it is denied. */
  authorize(auth: AuthContext, meta: ResourceMeta, operation: Operation): Where;
  /**
   * Which records of a type the token may see when it reaches them through a relationship or
   * an `include` (undefined: all of them).
   */
  readScope(auth: AuthContext, meta: ResourceMeta): Where | undefined;
  /** The records of a type that belong to a customer; undefined for types without an owner. */
  ownerScope(meta: ResourceMeta, owner: string): Where | undefined;
}

export function createAccess(registry: Registry): Access {
  /** Types whose records carry a `customer` has_one (orders, customer_addresses, sku_lists, …). */
  const ownedByColumn = registry
    .all()
    .filter((meta) =>
      meta.storedHasOne.some((rel) => rel.name === 'customer' && rel.className === 'Customer'),
    )
    .map((meta) => meta.type);

  function ownerScope(meta: ResourceMeta, owner: string): Where | undefined {
    return ownerScopeOf(meta.type, owner, 't');
  }

  function ownerScopeOf(type: string, owner: string, alias: string): Where | undefined {
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
      const parts: Where[] = [];
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
      const parts: Where[] = [];
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

  function authorize(auth: AuthContext, meta: ResourceMeta, operation: Operation): Where {
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
      const grant =
        customer ??
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

  function readScope(auth: AuthContext, meta: ResourceMeta): Where | undefined {
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
