import { errors } from "./errors.js";
import { attributeColumn } from "./ransack.js";
/** `include`, `fields[type]`, `sort` and `page[…]`, validated against the registry. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 25;
export function parseInclude(registry, meta, query) {
    const tree = new Map();
    const raw = query.get('include');
    if (raw === null || raw.trim() === '') {
        return tree;
    }
    for (const path of raw.split(',')) {
        if (path.trim() === '') {
            continue;
        }
        let node = tree;
        let current = meta;
        for (const segment of path.trim().split('.')) {
            const rel = current?.relationships.get(segment);
            if (!current || !rel?.includable) {
                throw errors.invalidInclude(segment, current?.type ?? meta.type);
            }
            let child = node.get(segment);
            if (!child) {
                child = new Map();
                node.set(segment, child);
            }
            node = child;
            current = rel.targetType ? registry.get(rel.targetType) : undefined;
        }
    }
    return tree;
}
export function parseFields(registry, query) {
    const fieldsets = new Map();
    for (const [key, value] of query) {
        const match = /^fields\[([^\]]+)\]$/.exec(key);
        if (!match?.[1]) {
            continue;
        }
        const type = match[1];
        const meta = registry.get(type);
        if (!meta) {
            throw errors.invalidResource(type);
        }
        const names = new Set();
        for (const name of value.split(',').map((part) => part.trim())) {
            if (name === '') {
                continue;
            }
            const field = meta.fields.get(name);
            const isAttribute = field?.fetchable && name !== 'id';
            if (!isAttribute && !meta.relationships.has(name)) {
                throw errors.invalidField(name, type);
            }
            names.add(name);
        }
        fieldsets.set(type, names);
    }
    return fieldsets;
}
/** `sort=-created_at,email` → an ORDER BY over alias `t`; ties broken by insertion order. */
export function parseSort(meta, query) {
    const raw = query.get('sort');
    const terms = [];
    if (raw !== null && raw.trim() !== '') {
        for (const part of raw.split(',')) {
            const key = part.trim();
            if (key === '') {
                continue;
            }
            const descending = key.startsWith('-');
            const name = descending ? key.slice(1) : key;
            const field = meta.fields.get(name);
            if (!field?.sortable && name !== 'id') {
                throw errors.invalidSort(name, meta.type);
            }
            const column = attributeColumn(meta.type, name, 't');
            if (name === 'id' || name === 'created_at' || name === 'updated_at' || field?.required) {
                // Never NULL: a plain term lets SQLite walk the index.
                terms.push(`${column} ${descending ? 'DESC' : 'ASC'}`);
                continue;
            }
            // PostgreSQL order for NULLs: last when ascending, first when descending.
            terms.push(descending
                ? `(${column} IS NULL) DESC, ${column} DESC`
                : `(${column} IS NULL) ASC, ${column} ASC`);
        }
    }
    // `id` is unique: after it, insertion order can never matter (and would defeat the index).
    if (!terms.some((term) => term.startsWith(`${attributeColumn(meta.type, 'id', 't')} `))) {
        terms.push('t.seq ASC');
    }
    return terms.join(', ');
}
export function parsePage(query) {
    let number = 1;
    let size = DEFAULT_PAGE_SIZE;
    for (const [key, value] of query) {
        const match = /^page\[([^\]]+)\]$/.exec(key);
        if (!match?.[1]) {
            continue;
        }
        const name = match[1];
        if (name !== 'number' && name !== 'size') {
            throw errors.paramNotAllowed(key);
        }
        const parsed = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
        if (!Number.isSafeInteger(parsed) ||
            parsed < 1 ||
            (name === 'size' && parsed > MAX_PAGE_SIZE)) {
            throw errors.invalidPageValue(name, value);
        }
        if (name === 'number') {
            number = parsed;
        }
        else {
            size = parsed;
        }
    }
    return { number, size };
}
/** first / prev / next / last, echoing every original query parameter. */
export function pageLinks(url, query, page, pageCount) {
    const link = (number) => {
        const params = new URLSearchParams();
        for (const [key, value] of query) {
            if (key !== 'page[number]' && key !== 'page[size]') {
                params.append(key, value);
            }
        }
        params.set('page[number]', String(number));
        params.set('page[size]', String(page.size));
        return `${url}?${params.toString()}`;
    };
    const links = { first: link(1) };
    if (page.number > 1) {
        links.prev = link(page.number - 1);
    }
    if (page.number < pageCount) {
        links.next = link(page.number + 1);
    }
    links.last = link(pageCount === 0 ? 1 : pageCount);
    return links;
}
//# sourceMappingURL=query.js.map