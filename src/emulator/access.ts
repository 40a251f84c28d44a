import { errors } from './errors.ts';
import type { ResourceMeta } from './registry.ts';
import type { Where } from './store.ts';
import type { AuthContext } from './types.ts';

/**
 * What a token may do, inside the JSON:API layer (the HTTP layer already checked the token).
 * - integration / webapp tokens: everything.
 * - sales channel guest (no owner): sign-up (`POST /api/customers`), password resets, and
 *   retrieving single markets / stock locations; anything else is 401 UNAUTHORIZED.
 * - sales channel customer token: its own customer and the records that belong to it (lists are
 *   scoped, other ids answer 404); single records of other types may be retrieved; writes other
 *   than its own customer, addresses and customer addresses are 401.
 */
export type Operation = 'list' | 'retrieve' | 'create' | 'update' | 'delete';

const GUEST_ALLOWED: ReadonlyArray<readonly [string, Operation]> = [
  ['customers', 'create'],
  ['customer_password_resets', 'create'],
  ['customer_password_resets', 'update'],
  ['markets', 'retrieve'],
  ['stock_locations', 'retrieve'],
];

const OWNER_WRITABLE = new Set([
  'customers',
  'customer_addresses',
  'addresses',
  'customer_password_resets',
]);

/** Returns the extra condition (alias `t`) the operation is restricted to; throws 401 if denied. */
export function authorize(auth: AuthContext, meta: ResourceMeta, operation: Operation): Where {
  if (auth.kind !== 'sales_channel') {
    return { sql: '', params: [] };
  }
  const owner = auth.ownerCustomerId;
  if (!owner) {
    if (GUEST_ALLOWED.some(([type, op]) => type === meta.type && op === operation)) {
      return { sql: '', params: [] };
    }
    throw errors.unauthorized();
  }
  const scope = ownerScope(meta, owner);
  if (operation === 'create' || operation === 'update' || operation === 'delete') {
    if (!OWNER_WRITABLE.has(meta.type)) {
      throw errors.unauthorized();
    }
    return operation === 'create' || meta.type === 'customer_password_resets'
      ? { sql: '', params: [] }
      : (scope ?? { sql: '0', params: [] });
  }
  if (scope) {
    return scope;
  }
  if (operation === 'list') {
    throw errors.unauthorized();
  }
  return { sql: '', params: [] };
}

function ownerScope(meta: ResourceMeta, owner: string): Where | undefined {
  if (meta.type === 'customers') {
    return { sql: 't.id = ?', params: [owner] };
  }
  if (meta.type === 'addresses') {
    return {
      sql: 't.id IN (SELECT address_id FROM customer_addresses WHERE customer_id = ?)',
      params: [owner],
    };
  }
  const customer = meta.storedHasOne.find(
    (rel) => rel.name === 'customer' && rel.className === 'Customer',
  );
  if (customer) {
    return { sql: 't.customer_id = ?', params: [owner] };
  }
  return undefined;
}
