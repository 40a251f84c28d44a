import { errors } from "./errors.js";
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
export function parseBody(registry, store, meta, body, operation, auth, urlId) {
    if (!isObject(body) || !isObject(body.data)) {
        throw errors.paramMissing('data', '/data');
    }
    const data = body.data;
    if (typeof data.type !== 'string' || data.type === '') {
        throw errors.paramMissing('type', '/data/type');
    }
    if (data.type !== meta.type) {
        throw errors.typeMismatch(data.type);
    }
    if (operation === 'create' && data.id !== undefined) {
        throw errors.paramNotAllowed('id', '/data/id');
    }
    if (operation === 'update') {
        if (data.id === undefined || data.id === null) {
            throw errors.paramMissing('id', '/data/id');
        }
        if (data.id !== urlId) {
            throw errors.keyNotIncludedInUrl(String(data.id));
        }
    }
    const salesChannel = auth.kind === 'sales_channel';
    const attributes = {};
    if (data.attributes !== undefined) {
        if (!isObject(data.attributes)) {
            throw errors.paramMissing('attributes', '/data/attributes');
        }
        for (const [name, value] of Object.entries(data.attributes)) {
            const pointer = `/data/attributes/${name}`;
            const field = meta.fields.get(name);
            const allowed = operation === 'create' ? field?.creatable : field?.updatable;
            if (!field || !allowed || (field.prohibited && salesChannel)) {
                throw errors.paramNotAllowed(name, pointer);
            }
            attributes[name] = normaliseValue(field, value, pointer);
        }
    }
    const relationships = new Map();
    if (data.relationships !== undefined) {
        if (!isObject(data.relationships)) {
            throw errors.paramMissing('relationships', '/data/relationships');
        }
        for (const [name, value] of Object.entries(data.relationships)) {
            const pointer = `/data/relationships/${name}`;
            const rel = meta.relationships.get(name);
            const allowed = operation === 'create' ? rel?.creatable : rel?.updatable;
            if (!rel || !allowed || (rel.prohibited && salesChannel)) {
                throw errors.paramNotAllowed(name, pointer);
            }
            if (!isObject(value) || !('data' in value)) {
                throw errors.paramMissing('data', `${pointer}/data`);
            }
            relationships.set(name, parseLinkage(registry, store, rel, value.data, pointer));
        }
    }
    return { attributes, relationships };
}
function parseLinkage(registry, store, rel, data, pointer) {
    const identifier = (value) => {
        if (!isObject(value) || typeof value.type !== 'string' || typeof value.id !== 'string') {
            throw errors.badRequest(`${pointer} must hold resource identifiers ({ type, id })`);
        }
        const type = value.type;
        const validType = rel.polymorphic ? registry.get(type) !== undefined : type === rel.targetType;
        if (!validType) {
            throw errors.typeMismatch(type);
        }
        if (!store.get(type, value.id)) {
            throw errors.recordNotFound(pointer);
        }
        return { type, id: value.id };
    };
    if (rel.kind === 'has_one') {
        if (data === null) {
            return null;
        }
        if (Array.isArray(data)) {
            throw errors.badRequest(`${pointer} takes one resource identifier or null`);
        }
        return identifier(data);
    }
    if (!Array.isArray(data)) {
        throw errors.badRequest(`${pointer} takes an array of resource identifiers`);
    }
    const seen = new Set();
    const list = [];
    for (const item of data) {
        const parsed = identifier(item);
        if (!seen.has(parsed.id)) {
            seen.add(parsed.id);
            list.push(parsed);
        }
    }
    return list;
}
function normaliseValue(field, value, pointer) {
    if (value === null) {
        return null;
    }
    const invalid = () => errors.invalidFieldValue(field.name, value, pointer);
    switch (field.type) {
        case 'string':
            if (typeof value !== 'string') {
                throw invalid();
            }
            return value;
        case 'boolean':
            if (typeof value === 'boolean') {
                return value;
            }
            if (value === 'true' || value === 'false') {
                return value === 'true';
            }
            throw invalid();
        case 'integer':
            if (typeof value !== 'number' || !Number.isInteger(value)) {
                throw invalid();
            }
            return value;
        case 'float':
            if (typeof value !== 'number' || !Number.isFinite(value)) {
                throw invalid();
            }
            return value;
        case 'datetime': {
            const date = typeof value === 'string' ? new Date(value) : undefined;
            if (!date || Number.isNaN(date.getTime())) {
                throw invalid();
            }
            return date.toISOString();
        }
        case 'object':
            if (!isObject(value)) {
                throw invalid();
            }
            return value;
        case 'array':
            if (!Array.isArray(value)) {
                throw invalid();
            }
            return value;
        default:
            return value;
    }
}
//# sourceMappingURL=body.js.map