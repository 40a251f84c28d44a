import { errors } from "./errors.js";
import { correlate, linkOf } from "./relations.js";
import { INDEXED_COPIES, quote } from "./store.js";
/**
 * `filter[q][…]` (Ransack predicates) and the plain `filter[…]` helpers of resources.json's
 * `filters` list, compiled to one SQL condition over alias `t`. Unknown attributes or predicates
 * are a 400 `FILTER_NOT_ALLOWED`, bad values a 400 `INVALID_FILTER_VALUE`: never a silent empty
 * list. Blank values are ignored, as Ransack ignores them.
 */
/** Longest first, so `not_eq_all` wins over `eq_all` and `eq`. */
const PREDICATES = [
    'does_not_match_any',
    'not_eq_or_null',
    'does_not_match_all',
    'not_in_or_null',
    'does_not_match',
    'not_start_any',
    'not_start_all',
    'eq_or_null',
    'not_cont_any',
    'not_cont_all',
    'not_end_any',
    'not_end_all',
    'matches_any',
    'matches_all',
    'start_any',
    'start_all',
    'not_eq_any',
    'not_eq_all',
    'lteq_any',
    'lteq_all',
    'gteq_any',
    'gteq_all',
    'cont_any',
    'cont_all',
    'not_start',
    'not_cont',
    'not_null',
    'end_any',
    'end_all',
    'matches',
    'present',
    'not_end',
    'eq_any',
    'eq_all',
    'lt_any',
    'lt_all',
    'gt_any',
    'gt_all',
    'not_eq',
    'not_in',
    'blank',
    'false',
    'start',
    'jcont',
    'true',
    'null',
    'cont',
    'lteq',
    'gteq',
    'end',
    'eq',
    'in',
    'lt',
    'gt',
];
const ID_FIELD = {
    name: 'id',
    type: 'string',
    creatable: false,
    updatable: false,
    fetchable: true,
    filterable: true,
    sortable: true,
    prohibited: false,
    trigger: false,
    required: true,
};
/** SQL for a stored attribute of `type` on `alias`. */
export function attributeColumn(type, name, alias) {
    if (name === 'id' || name === 'created_at' || name === 'updated_at') {
        return `${alias}.${name}`;
    }
    if (INDEXED_COPIES[type]?.attrs?.includes(name)) {
        return `${alias}.${quote(`a_${name}`)}`;
    }
    return `json_extract(${alias}.attrs, '$.${jsonKey(name)}')`;
}
function jsonKey(key) {
    return `"${key.replaceAll('"', '\\"').replaceAll("'", "''")}"`;
}
export class FilterCompiler {
    #registry;
    #aliasCounter = 0;
    constructor(registry) {
        this.#registry = registry;
    }
    /** All `filter[…]` parameters of `query` as one condition on alias `t` (empty sql when none). */
    compile(meta, query) {
        const parts = [];
        const params = [];
        for (const [key, value] of query) {
            if (!key.startsWith('filter[')) {
                continue;
            }
            const ransack = /^filter\[q\]\[([^\]]+)\]$/.exec(key);
            const plain = /^filter\[([^\]]+)\]$/.exec(key);
            let condition;
            if (ransack?.[1]) {
                condition = this.#ransack(meta, ransack[1], value, key);
            }
            else if (plain?.[1] && plain[1] !== 'q') {
                condition = this.#plain(meta, plain[1], value, key);
            }
            else {
                throw errors.filterNotAllowed(key);
            }
            if (condition) {
                parts.push(`(${condition.sql})`);
                params.push(...condition.params);
            }
        }
        return { sql: parts.join(' AND '), params };
    }
    #ransack(meta, expression, value, parameter) {
        for (const predicate of PREDICATES) {
            if (!expression.endsWith(`_${predicate}`)) {
                continue;
            }
            const attributes = expression.slice(0, -(predicate.length + 1));
            const operands = this.#operands(meta, attributes, 't');
            if (!operands) {
                continue;
            }
            if (value.trim() === '') {
                return undefined;
            }
            const combinator = operands.combinator;
            const conditions = operands.list.map((operand) => this.#condition(operand, predicate, value, parameter));
            return {
                sql: conditions.map((condition) => `(${condition.sql})`).join(` ${combinator} `),
                params: conditions.flatMap((condition) => condition.params),
            };
        }
        throw errors.filterNotAllowed(parameter);
    }
    /** `email_or_reference` → two operands joined by OR; `first_name_and_last_name` → AND. */
    #operands(meta, attributes, alias) {
        const single = this.#resolve(meta, attributes, alias, 0);
        if (single) {
            return { list: [single], combinator: 'OR' };
        }
        for (const [separator, combinator] of [
            ['_or_', 'OR'],
            ['_and_', 'AND'],
        ]) {
            if (!attributes.includes(separator)) {
                continue;
            }
            const list = [];
            for (const part of attributes.split(separator)) {
                const operand = this.#resolve(meta, part, alias, 0);
                if (!operand) {
                    return undefined;
                }
                list.push(operand);
            }
            return { list, combinator };
        }
        return undefined;
    }
    #resolve(meta, name, alias, depth) {
        if (name === 'id') {
            return { field: ID_FIELD, hops: [], column: `${alias}.id` };
        }
        const field = meta.fields.get(name);
        if (field?.filterable) {
            return {
                field,
                hops: [],
                column: attributeColumn(meta.type, name, alias),
                ...(field.type === 'object' ? { jsonBase: { alias, path: `$.${jsonKey(name)}` } } : {}),
            };
        }
        if (depth >= 2) {
            return undefined;
        }
        const relationships = [...meta.relationships.values()]
            .filter((rel) => rel.filterable && name.startsWith(`${rel.name}_`))
            .sort((a, b) => b.name.length - a.name.length);
        for (const rel of relationships) {
            const rest = name.slice(rel.name.length + 1);
            const link = linkOf(this.#registry, meta, rel);
            if (rest === 'id' && link.kind === 'column') {
                return { field: ID_FIELD, hops: [], column: `${alias}.${quote(link.column)}` };
            }
            if (!('target' in link) || !link.target) {
                continue;
            }
            const target = this.#registry.get(link.target);
            if (!target) {
                continue;
            }
            this.#aliasCounter += 1;
            const child = `j${this.#aliasCounter}`;
            const hop = correlate(link, meta.type, alias, child);
            if (!hop) {
                continue;
            }
            const inner = this.#resolve(target, rest, child, depth + 1);
            if (inner) {
                return { ...inner, hops: [hop, ...inner.hops] };
            }
        }
        return undefined;
    }
    #condition(operand, predicate, raw, parameter) {
        const inner = this.#predicate(operand, predicate, raw, parameter);
        let sql = inner.sql;
        let params = [...inner.params];
        for (const hop of [...operand.hops].reverse()) {
            sql = `${hop.outer} IN (SELECT ${hop.inner} FROM ${hop.from} WHERE ${hop.where.sql} AND (${sql}))`;
            params = [...hop.where.params, ...params];
        }
        return { sql, params };
    }
    #predicate(operand, predicate, raw, parameter) {
        const column = operand.column;
        const field = operand.field;
        const value = (text) => coerce(field, text, parameter);
        const list = () => raw.split(',').map((text) => value(text.trim()));
        const flag = () => booleanValue(raw, parameter);
        if (field.type === 'object' &&
            !['jcont', 'null', 'not_null', 'present', 'blank'].includes(predicate)) {
            throw errors.filterNotAllowed(parameter);
        }
        const [base, quantifier] = splitQuantifier(predicate);
        if (quantifier) {
            const values = list();
            const parts = values.map((item) => simple(column, base, item, field));
            return {
                sql: parts.map((part) => `(${part.sql})`).join(quantifier === 'any' ? ' OR ' : ' AND '),
                params: parts.flatMap((part) => part.params),
            };
        }
        switch (predicate) {
            case 'in':
            case 'not_in':
            case 'not_in_or_null': {
                const values = list();
                const placeholders = values.map(() => '?').join(', ');
                if (predicate === 'in') {
                    return { sql: `${column} IN (${placeholders})`, params: values };
                }
                const orNull = predicate === 'not_in_or_null' ? ` OR ${column} IS NULL` : '';
                return { sql: `${column} NOT IN (${placeholders})${orNull}`, params: values };
            }
            case 'eq_or_null':
            case 'not_eq_or_null': {
                const compared = simple(column, predicate === 'eq_or_null' ? 'eq' : 'not_eq', value(raw), field);
                return { sql: `(${compared.sql}) OR ${column} IS NULL`, params: compared.params };
            }
            case 'null':
                return { sql: flag() ? `${column} IS NULL` : `${column} IS NOT NULL`, params: [] };
            case 'not_null':
                return { sql: flag() ? `${column} IS NOT NULL` : `${column} IS NULL`, params: [] };
            case 'present':
            case 'blank': {
                const present = `${column} IS NOT NULL AND trim(${column}) <> ''`;
                const wantPresent = predicate === 'present' ? flag() : !flag();
                return { sql: wantPresent ? present : `NOT (${present})`, params: [] };
            }
            case 'true':
                return { sql: flag() ? `${column} = 1` : `${column} <> 1`, params: [] };
            case 'false':
                return { sql: flag() ? `${column} = 0` : `${column} <> 0`, params: [] };
            case 'jcont':
                return jsonContains(operand, raw, parameter);
            default:
                return simple(column, predicate, value(raw), field);
        }
    }
    #plain(meta, name, raw, parameter) {
        if (!meta.filters.has(name)) {
            throw errors.filterNotAllowed(parameter);
        }
        if (raw.trim() === '') {
            return undefined;
        }
        if (name === 'ids') {
            return this.#ransack(meta, 'id_in', raw, parameter);
        }
        const range = /^(.+)_(from|to)$/.exec(name);
        if (range?.[1] && meta.fields.get(range[1])?.type === 'datetime') {
            return this.#ransack(meta, `${range[1]}_${range[2] === 'from' ? 'gteq' : 'lteq'}`, raw, parameter);
        }
        if (meta.type === 'customer_addresses' && name === 'country_code') {
            return this.#ransack(meta, 'address_country_code_in', raw, parameter);
        }
        // `customer_group_id=a,b`, `status=placed`: an `_in` on the attribute or relationship id.
        return this.#ransack(meta, `${name}_in`, raw, parameter);
    }
}
function splitQuantifier(predicate) {
    if (predicate.endsWith('_any')) {
        return [predicate.slice(0, -4), 'any'];
    }
    if (predicate.endsWith('_all')) {
        return [predicate.slice(0, -4), 'all'];
    }
    return [predicate, undefined];
}
function escapeLike(text) {
    return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
function simple(column, predicate, value, field) {
    const like = (pattern, negate) => ({
        sql: `${column} ${negate ? 'NOT LIKE' : 'LIKE'} ? ESCAPE '\\'`,
        params: [pattern],
    });
    const text = String(value);
    switch (predicate) {
        case 'eq':
            return { sql: `${column} = ?`, params: [value] };
        case 'not_eq':
            return { sql: `${column} <> ?`, params: [value] };
        case 'lt':
            return { sql: `${column} < ?`, params: [value] };
        case 'lteq':
            return { sql: `${column} <= ?`, params: [value] };
        case 'gt':
            return { sql: `${column} > ?`, params: [value] };
        case 'gteq':
            return { sql: `${column} >= ?`, params: [value] };
        case 'matches':
            return { sql: `${column} LIKE ?`, params: [text] };
        case 'does_not_match':
            return { sql: `${column} NOT LIKE ?`, params: [text] };
        case 'cont':
            return like(`%${escapeLike(text)}%`, false);
        case 'not_cont':
            return like(`%${escapeLike(text)}%`, true);
        case 'start':
            return like(`${escapeLike(text)}%`, false);
        case 'not_start':
            return like(`${escapeLike(text)}%`, true);
        case 'end':
            return like(`%${escapeLike(text)}`, false);
        case 'not_end':
            return like(`%${escapeLike(text)}`, true);
        default:
            throw new Error(`Unsupported predicate ${predicate} on ${field.name}`);
    }
}
function booleanValue(raw, parameter) {
    const normalised = raw.trim().toLowerCase();
    if (['true', '1', 't', 'yes'].includes(normalised)) {
        return true;
    }
    if (['false', '0', 'f', 'no'].includes(normalised)) {
        return false;
    }
    throw errors.invalidFilterValue(raw, parameter);
}
function coerce(field, raw, parameter) {
    switch (field.type) {
        case 'integer':
        case 'float': {
            const number = Number(raw);
            if (raw.trim() === '' || Number.isNaN(number)) {
                throw errors.invalidFilterValue(raw, parameter);
            }
            return number;
        }
        case 'boolean':
            return booleanValue(raw, parameter) ? 1 : 0;
        case 'datetime': {
            const date = new Date(raw);
            if (Number.isNaN(date.getTime())) {
                throw errors.invalidFilterValue(raw, parameter);
            }
            return date.toISOString();
        }
        default:
            return raw;
    }
}
/** `metadata_jcont={"tier":"gold"}`: every leaf of the object must be present (containment). */
function jsonContains(operand, raw, parameter) {
    if (!operand.jsonBase) {
        throw errors.filterNotAllowed(parameter);
    }
    let expected;
    try {
        expected = JSON.parse(raw);
    }
    catch {
        throw errors.invalidFilterValue(raw, parameter);
    }
    if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) {
        throw errors.invalidFilterValue(raw, parameter);
    }
    const { alias, path } = operand.jsonBase;
    const parts = [];
    const params = [];
    const visit = (value, at) => {
        if (Array.isArray(value)) {
            for (const item of value) {
                if (typeof item === 'object' && item !== null) {
                    parts.push(`EXISTS (SELECT 1 FROM json_each(${alias}.attrs, ?) WHERE value = json(?))`);
                    params.push(at, JSON.stringify(item));
                }
                else {
                    parts.push(`EXISTS (SELECT 1 FROM json_each(${alias}.attrs, ?) WHERE value = ?)`);
                    params.push(at, sqlScalar(item));
                }
            }
            return;
        }
        if (typeof value === 'object' && value !== null) {
            for (const [key, item] of Object.entries(value)) {
                visit(item, `${at}."${key.replaceAll('"', '\\"')}"`);
            }
            return;
        }
        if (value === null) {
            parts.push(`json_type(${alias}.attrs, ?) = 'null'`);
            params.push(at);
            return;
        }
        parts.push(`json_type(${alias}.attrs, ?) IN (${jsonTypes(value)}) AND json_extract(${alias}.attrs, ?) = ?`);
        params.push(at, at, sqlScalar(value));
    };
    visit(expected, path);
    return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}
function jsonTypes(value) {
    if (typeof value === 'boolean') {
        return value ? "'true'" : "'false'";
    }
    if (typeof value === 'number') {
        return "'integer', 'real'";
    }
    return "'text'";
}
function sqlScalar(value) {
    if (typeof value === 'boolean') {
        return value ? 1 : 0;
    }
    return value;
}
//# sourceMappingURL=ransack.js.map