import { getNamedType, isObjectType, visit, } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields.js';
export function emptyPlan(type) {
    return { type, fields: new Set(), includes: new Map() };
}
/** The JSON:API type a GraphQL object type stands for (set in its `extensions.upstreamType`). */
export function upstreamTypeOf(type) {
    return type.extensions.upstreamType;
}
/** Whether the type's records can only be retrieved one id at a time (no list endpoint). */
export function isRetrieveOnly(type) {
    return type.extensions.upstreamRetrieveOnly === true;
}
function upstreamExtension(field) {
    return field.extensions.upstream;
}
/**
 * The object type and field nodes at the "node" level under a field: the field itself for an
 * object, or `edges.node` and `nodes` for a Relay connection.
 */
export function nodeLevel(info, type, fieldNodes) {
    if (upstreamTypeOf(type)) {
        return { type, fieldNodes: [...fieldNodes] };
    }
    const fields = type.getFields();
    if (!('edges' in fields) && !('nodes' in fields)) {
        return undefined;
    }
    const nodeType = getNamedType(fields.nodes?.type ?? fields.edges?.type);
    const subfields = collectSubfields(info.schema, info.fragments, info.variableValues, type, fieldNodes);
    const collected = [];
    let resolved;
    for (const nodes of subfields.values()) {
        const name = nodes[0]?.name.value;
        if (name === 'nodes' && isObjectType(nodeType)) {
            resolved = nodeType;
            collected.push(...nodes);
        }
        else if (name === 'edges') {
            const edgeType = getNamedType(fields.edges?.type);
            if (isObjectType(edgeType)) {
                const edgeFields = collectSubfields(info.schema, info.fragments, info.variableValues, edgeType, nodes);
                for (const edgeNodes of edgeFields.values()) {
                    if (edgeNodes[0]?.name.value === 'node') {
                        const target = getNamedType(edgeType.getFields().node?.type);
                        if (isObjectType(target)) {
                            resolved = target;
                            collected.push(...edgeNodes);
                        }
                    }
                }
            }
        }
    }
    if (!resolved && isObjectType(nodeType)) {
        resolved = nodeType;
    }
    return resolved ? { type: resolved, fieldNodes: collected } : undefined;
}
/**
 * Plans the upstream request for a selection on `type` (a GraphQL object type with an
 * `upstreamType`). Relationships marked includable become `include` entries with their own plans;
 * the others are left to their own resolvers.
 */
export function planSelection(info, type, fieldNodes, plan = emptyPlan(upstreamTypeOf(type) ?? type.name)) {
    if (fieldNodes.length === 0) {
        return plan;
    }
    const subfields = collectSubfields(info.schema, info.fragments, info.variableValues, type, fieldNodes);
    const definitions = type.getFields();
    for (const nodes of subfields.values()) {
        const definition = definitions[nodes[0]?.name.value ?? ''];
        const upstream = definition ? upstreamExtension(definition) : undefined;
        if (!definition || !upstream) {
            continue;
        }
        for (const attribute of upstream.attributes ?? []) {
            plan.fields.add(attribute);
        }
        const relationship = upstream.relationship;
        if (!relationship?.includable) {
            continue;
        }
        const namedType = getNamedType(definition.type);
        if (!isObjectType(namedType)) {
            continue;
        }
        const level = nodeLevel(info, namedType, nodes);
        const targetType = level ? upstreamTypeOf(level.type) : undefined;
        if (!level || !targetType) {
            continue;
        }
        plan.fields.add(relationship.name);
        const existing = plan.includes.get(relationship.name) ?? emptyPlan(targetType);
        plan.includes.set(relationship.name, planSelection(info, level.type, level.fieldNodes, existing));
    }
    return plan;
}
/**
 * Plans the resource the current field resolves to (object or connection of objects).
 *
 * Plans are prepared once per field selection and reused: by the other items of a list in the
 * same request (25 customers ask for the same `addresses` plan) and by later requests with the
 * same document (yoga's parser cache keeps the document, so its AST nodes are the same objects).
 * A plan depends on the document and on the variables of its `@skip`/`@include` directives only,
 * so those values are part of the key; other variables (ids, page sizes) are not. A returned plan
 * is shared: never change it (copy it, as `writeQuery` and the loader do).
 */
export function planField(info) {
    const first = info.fieldNodes[0];
    if (first === undefined) {
        return undefined;
    }
    const key = directiveVariablesKey(info);
    let prepared = preparedPlans.get(first);
    if (prepared === undefined) {
        prepared = [];
        preparedPlans.set(first, prepared);
    }
    for (const entry of prepared) {
        if (entry.key === key &&
            entry.returnType === info.returnType &&
            sameNodes(entry.nodes, info.fieldNodes)) {
            return entry.plan;
        }
    }
    const plan = planFieldNow(info);
    if (plan !== undefined) {
        markPrepared(plan);
    }
    if (prepared.length >= MAX_PREPARED_PER_FIELD) {
        prepared.shift();
    }
    prepared.push({ key, returnType: info.returnType, nodes: info.fieldNodes, plan });
    return plan;
}
function planFieldNow(info) {
    const returnType = getNamedType(info.returnType);
    if (!isObjectType(returnType)) {
        return undefined;
    }
    const level = nodeLevel(info, returnType, info.fieldNodes);
    const upstreamType = level ? upstreamTypeOf(level.type) : undefined;
    if (!level || !upstreamType) {
        return undefined;
    }
    return planSelection(info, level.type, level.fieldNodes);
}
/**
 * Variants kept per field node: one per combination of `@skip`/`@include` values (and per
 * return type, for a fragment shared by several types). Bounded, so a client cycling through
 * directive values cannot grow it.
 */
const MAX_PREPARED_PER_FIELD = 8;
/** Held by the document's AST nodes: gone with the document when yoga's cache drops it. */
const preparedPlans = new WeakMap();
/** Plans handed out by {@link planField} (and their includes): shared, so never changed. */
const preparedPlanObjects = new WeakSet();
function markPrepared(plan) {
    preparedPlanObjects.add(plan);
    for (const child of plan.includes.values()) {
        markPrepared(child);
    }
}
function sameNodes(a, b) {
    if (a === b) {
        return true;
    }
    if (a.length !== b.length) {
        return false;
    }
    for (let index = 0; index < a.length; index += 1) {
        if (a[index] !== b[index]) {
            return false;
        }
    }
    return true;
}
/** The variables a document's `@skip`/`@include` directives read, per operation. */
const directiveVariables = new WeakMap();
/** The values of those variables in this request, as a key ('' when there are none). */
function directiveVariablesKey(info) {
    let names = directiveVariables.get(info.operation);
    if (names === undefined) {
        names = variablesOfDirectives(info.operation, Object.values(info.fragments));
        directiveVariables.set(info.operation, names);
    }
    if (names.length === 0) {
        return '';
    }
    return JSON.stringify(names.map((name) => info.variableValues[name] ?? null));
}
function variablesOfDirectives(operation, fragments) {
    const names = new Set();
    for (const root of [operation, ...fragments]) {
        visit(root, {
            Directive(directive) {
                for (const argument of directive.arguments ?? []) {
                    visit(argument, {
                        Variable(variable) {
                            names.add(variable.name.value);
                        },
                    });
                }
            },
        });
    }
    return [...names].sort();
}
/** `include` paths and `fields[...]` for a plan; types seen on several paths get the union. */
export function toQueryParams(plan) {
    const include = [];
    const fields = new Map();
    const visit = (node, prefix) => {
        const set = fields.get(node.type) ?? new Set();
        for (const field of node.fields) {
            set.add(field);
        }
        fields.set(node.type, set);
        for (const [name, child] of node.includes) {
            const path = prefix ? `${prefix}.${name}` : name;
            include.push(path);
            visit(child, path);
        }
    };
    visit(plan, '');
    // A type that needs nothing but its id gets no `fields[type]`: Commerce Layer refuses `id` as a
    // sparse field, and always sends the id anyway.
    return {
        ...(include.length > 0 ? { include } : {}),
        fields: Object.fromEntries([...fields].filter(([, set]) => set.size > 0).map(([type, set]) => [type, [...set].sort()])),
    };
}
/** A stable key for a plan: equal plans share one DataLoader. Computed once per plan object. */
export function planKey(plan) {
    let key = planKeys.get(plan);
    if (key === undefined) {
        const parts = [...plan.fields].sort();
        const includes = [...plan.includes]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, child]) => `${name}(${planKey(child)})`);
        key = `${plan.type}[${parts.join(',')}]{${includes.join(',')}}`;
        // Only prepared plans (never changed) are remembered: a plan being built may still grow.
        if (preparedPlanObjects.has(plan)) {
            planKeys.set(plan, key);
        }
    }
    return key;
}
const planKeys = new WeakMap();
//# sourceMappingURL=plan.js.map