import type { Registry, RelationshipMeta, ResourceMeta } from './registry.ts';
import { quote, type Where } from './sql.ts';

/**
 * How a relationship from resources.json maps onto the store. Derived from the metadata, with
 * the few conventions the dump cannot express:
 * - `tags` go through the `taggings` join table;
 * - `attachments` point back through their polymorphic `attachable`;
 * - `events` are per resource *type* (`customers.create`, …): every customer lists the same ones;
 * - `event_stores` match their `resource_type` / `resource_id` attributes;
 * - other has_many relationships use the target's has_one back to the parent class
 *   (`customers.orders` → `orders.customer_id`).
 */
export type Link =
  | { readonly kind: 'column'; readonly target: string; readonly column: string }
  | { readonly kind: 'polymorphic'; readonly column: string; readonly typeColumn: string }
  | { readonly kind: 'inverse'; readonly target: string; readonly column: string }
  | {
      readonly kind: 'inversePolymorphic';
      readonly target: string;
      readonly column: string;
      readonly typeColumn: string;
    }
  | { readonly kind: 'tags'; readonly target: 'tags' }
  | { readonly kind: 'events'; readonly target: 'events' }
  | { readonly kind: 'eventStores'; readonly target: 'event_stores' }
  | { readonly kind: 'virtual'; readonly target: string | undefined }
  | { readonly kind: 'none' };

export function linkOf(registry: Registry, parent: ResourceMeta, rel: RelationshipMeta): Link {
  if (rel.virtual) {
    if (rel.name === 'event_stores' && registry.get('event_stores')) {
      return { kind: 'eventStores', target: 'event_stores' };
    }
    return { kind: 'virtual', target: rel.targetType };
  }
  if (rel.kind === 'has_one') {
    if (rel.through) {
      return { kind: 'none' };
    }
    if (rel.polymorphic) {
      return { kind: 'polymorphic', column: `${rel.name}_id`, typeColumn: `${rel.name}_type` };
    }
    if (!rel.targetType) {
      return { kind: 'none' };
    }
    return { kind: 'column', target: rel.targetType, column: `${rel.name}_id` };
  }
  if (!rel.targetType) {
    return { kind: 'none' };
  }
  if (rel.targetType === 'tags') {
    return { kind: 'tags', target: 'tags' };
  }
  if (rel.targetType === 'events') {
    return { kind: 'events', target: 'events' };
  }
  const target = registry.require(rel.targetType);
  const polymorphicBack = target.storedHasOne.find((back) => back.polymorphic);
  if (rel.targetType === 'attachments' && polymorphicBack) {
    return {
      kind: 'inversePolymorphic',
      target: target.type,
      column: `${polymorphicBack.name}_id`,
      typeColumn: `${polymorphicBack.name}_type`,
    };
  }
  const candidates = target.storedHasOne.filter(
    (back) => !back.polymorphic && back.className === parent.className,
  );
  const back = candidates.find((candidate) => candidate.name === parent.id) ?? candidates[0];
  if (!back) {
    return { kind: 'none' };
  }
  return { kind: 'inverse', target: target.type, column: `${back.name}_id` };
}

/**
 * How a parent row (alias `parent`) reaches child rows (alias `child`), for filters on
 * relationship attributes: `${outer} IN (SELECT ${inner} FROM ${from} WHERE ${where} AND …)`.
 * An uncorrelated IN sub-query is evaluated once per statement, where EXISTS would run per row.
 * Undefined when the link cannot be expressed in SQL.
 */
export interface Hop {
  readonly outer: string;
  readonly inner: string;
  readonly from: string;
  readonly where: Where;
}

export function correlate(
  link: Link,
  parentType: string,
  parent: string,
  child: string,
): Hop | undefined {
  const none: Where = { sql: '1', params: [] };
  switch (link.kind) {
    case 'column':
      return {
        outer: `${parent}.${quote(link.column)}`,
        inner: `${child}.id`,
        from: `${quote(link.target)} ${child}`,
        where: none,
      };
    case 'inverse':
      return {
        outer: `${parent}.id`,
        inner: `${child}.${quote(link.column)}`,
        from: `${quote(link.target)} ${child}`,
        where: none,
      };
    case 'inversePolymorphic':
      return {
        outer: `${parent}.id`,
        inner: `${child}.${quote(link.column)}`,
        from: `${quote(link.target)} ${child}`,
        where: { sql: `${child}.${quote(link.typeColumn)} = ?`, params: [parentType] },
      };
    case 'tags':
      return {
        outer: `${parent}.id`,
        inner: `${child}_g.taggable_id`,
        from: `taggings ${child}_g JOIN tags ${child} ON ${child}.id = ${child}_g.tag_id`,
        where: { sql: `${child}_g.taggable_type = ?`, params: [parentType] },
      };
    case 'events':
      // Events belong to the parent's type, not to a parent record.
      return {
        outer: '1',
        inner: '1',
        from: `events ${child}`,
        where: { sql: `${child}.i_owner_type = ?`, params: [parentType] },
      };
    case 'eventStores':
      return {
        outer: `${parent}.id`,
        inner: `${child}.a_resource_id`,
        from: `event_stores ${child}`,
        where: { sql: `${child}.a_resource_type = ?`, params: [parentType] },
      };
    default:
      return undefined;
  }
}

/** The condition (alias `t` = the child type) selecting the children of one parent record. */
export function scopeOf(link: Link, parentType: string, parentId: string): Where | undefined {
  switch (link.kind) {
    case 'inverse':
      return { sql: `t.${quote(link.column)} = ?`, params: [parentId] };
    case 'inversePolymorphic':
      return {
        sql: `t.${quote(link.typeColumn)} = ? AND t.${quote(link.column)} = ?`,
        params: [parentType, parentId],
      };
    case 'tags':
      return {
        sql: 't.id IN (SELECT tag_id FROM taggings WHERE taggable_type = ? AND taggable_id = ?)',
        params: [parentType, parentId],
      };
    case 'events':
      return { sql: 't.i_owner_type = ?', params: [parentType] };
    case 'eventStores':
      return {
        sql: 't.a_resource_type = ? AND t.a_resource_id = ?',
        params: [parentType, parentId],
      };
    default:
      return undefined;
  }
}
