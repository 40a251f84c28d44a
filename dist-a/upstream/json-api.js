/** Thrown by {@link parseDataDocument} when a body is not a JSON:API data document. */
export class MalformedDocumentError extends Error {
    name = 'MalformedDocumentError';
}
export function parseDataDocument(body, expected) {
    if (!isObject(body) || !('data' in body)) {
        throw new MalformedDocumentError('the body is not a JSON:API document with `data`');
    }
    const { data, included } = body;
    if (expected === 'collection') {
        if (!Array.isArray(data) || !data.every(isResourceObject)) {
            throw new MalformedDocumentError('`data` is not an array of resource objects');
        }
    }
    else if (data !== null && !isResourceObject(data)) {
        throw new MalformedDocumentError('`data` is not a resource object or null');
    }
    if (included !== undefined && (!Array.isArray(included) || !included.every(isResourceObject))) {
        throw new MalformedDocumentError('`included` is not an array of resource objects');
    }
    return body;
}
export function denormalize(document) {
    const built = new Map();
    const pending = [];
    const shell = (object) => {
        const key = keyOf(object);
        const existing = built.get(key);
        if (existing !== undefined) {
            return existing;
        }
        const resource = {
            type: object.type,
            id: object.id,
            attributes: object.attributes ?? {},
            relationships: {},
            meta: object.meta ?? {},
        };
        const self = object.links?.self;
        if (typeof self === 'string') {
            resource.self = self;
        }
        built.set(key, resource);
        pending.push([resource, object]);
        return resource;
    };
    const primary = Array.isArray(document.data)
        ? document.data.map(shell)
        : document.data === null
            ? null
            : shell(document.data);
    for (const object of document.included ?? []) {
        shell(object);
    }
    const resolve = (identifier) => {
        const key = keyOf(identifier);
        let resource = built.get(key);
        if (resource === undefined) {
            resource = {
                type: identifier.type,
                id: identifier.id,
                attributes: {},
                relationships: {},
                meta: {},
                linkageOnly: true,
            };
            built.set(key, resource);
        }
        return resource;
    };
    for (const [resource, object] of pending) {
        for (const [name, relationship] of Object.entries(object.relationships ?? {})) {
            if (relationship === null || typeof relationship !== 'object' || !('data' in relationship)) {
                continue;
            }
            const { data } = relationship;
            if (data === null || data === undefined) {
                resource.relationships[name] = null;
            }
            else if (Array.isArray(data)) {
                resource.relationships[name] = data.map(resolve);
            }
            else {
                resource.relationships[name] = resolve(data);
            }
        }
    }
    return primary;
}
/**
 * Builds the request document for `POST /api/{type}` (no `id`) or `PATCH /api/{type}/{id}`. Pure.
 * Attributes are sent as given (snake_case, `_add_tags` and friends included); each relationship
 * becomes `{ data: { type, id } }`, `{ data: null }` or `{ data: [...] }`. Absent `attributes` or
 * `relationships` are left out of the document.
 */
export function normalize(type, id, body) {
    const relationships = body.relationships === undefined
        ? undefined
        : Object.fromEntries(Object.entries(body.relationships).map(([name, linkage]) => [
            name,
            {
                data: linkage === null
                    ? null
                    : Array.isArray(linkage)
                        ? linkage.map(toIdentifier)
                        : toIdentifier(linkage),
            },
        ]));
    return {
        data: {
            type,
            ...(id === undefined ? {} : { id }),
            ...(body.attributes === undefined ? {} : { attributes: body.attributes }),
            ...(relationships === undefined ? {} : { relationships }),
        },
    };
}
function toIdentifier(linkage) {
    return { type: linkage.type, id: linkage.id };
}
function keyOf(identifier) {
    return `${identifier.type}\u0000${identifier.id}`;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isResourceObject(value) {
    return isObject(value) && typeof value.type === 'string' && typeof value.id === 'string';
}
//# sourceMappingURL=json-api.js.map