import { quote } from "./sql.js";
export function linkOf(registry, parent, rel) {
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
    const candidates = target.storedHasOne.filter((back) => !back.polymorphic && back.className === parent.className);
    const back = candidates.find((candidate) => candidate.name === parent.id) ?? candidates[0];
    if (!back) {
        return { kind: 'none' };
    }
    return { kind: 'inverse', target: target.type, column: `${back.name}_id` };
}
export function correlate(link, parentType, parent, child) {
    const none = { sql: '1', params: [] };
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
export function scopeOf(link, parentType, parentId) {
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
//# sourceMappingURL=relations.js.map