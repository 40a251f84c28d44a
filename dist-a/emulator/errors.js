/**
 * A client mistake or a refused operation, thrown anywhere below `api.ts` and answered as a
 * Commerce Layer error document. Throwing inside a write transaction also rolls it back.
 */
export class ApiError extends Error {
    status;
    errors;
    constructor(status, errors) {
        super(errors[0]?.detail ?? `HTTP ${status}`);
        this.name = 'ApiError';
        this.status = status;
        this.errors = errors;
    }
}
export function isApiError(error) {
    return error instanceof ApiError;
}
function badRequest(code, title, detail, source) {
    return new ApiError(400, [{ title, detail, code, status: '400', ...(source ? { source } : {}) }]);
}
export const errors = {
    unauthorized() {
        return new ApiError(401, [
            {
                title: 'Access denied',
                detail: 'You are not authorized to perform this action on the requested resource.',
                code: 'UNAUTHORIZED',
                status: '401',
            },
        ]);
    },
    recordNotFound(pointer) {
        return new ApiError(404, [
            {
                title: 'Record not found',
                detail: 'The requested resource was not found. Please double-check the resource id.',
                code: 'RECORD_NOT_FOUND',
                status: '404',
                ...(pointer ? { source: { pointer } } : {}),
            },
        ]);
    },
    routeNotFound(path) {
        return new ApiError(404, [
            {
                title: 'Not found',
                detail: `The requested path /api/${path} was not found.`,
                code: 'NOT_FOUND',
                status: '404',
            },
        ]);
    },
    methodNotAllowed(method, type) {
        return new ApiError(405, [
            {
                title: 'Method not allowed',
                detail: `${method} is not allowed on ${type}.`,
                code: 'METHOD_NOT_ALLOWED',
                status: '405',
            },
        ]);
    },
    invalidInclude(relationship, type) {
        return badRequest('INVALID_INCLUDE', 'Invalid field', `${relationship} is not a valid includable relationship of ${type}`, { parameter: 'include' });
    },
    invalidField(field, type) {
        return badRequest('INVALID_FIELD', 'Invalid field', `${field} is not a valid field for ${type}.`, {
            parameter: `fields[${type}]`,
        });
    },
    invalidResource(type) {
        return badRequest('INVALID_RESOURCE', 'Invalid resource', `${type} is not a valid resource.`);
    },
    invalidSort(criteria, type) {
        return badRequest('INVALID_SORT_CRITERIA', 'Invalid sort criteria', `${criteria} is not a valid sort criteria for ${type}`, { parameter: 'sort' });
    },
    filterNotAllowed(filter) {
        return badRequest('FILTER_NOT_ALLOWED', 'Filter not allowed', `${filter} is not allowed.`, {
            parameter: filter,
        });
    },
    invalidFilterValue(value, filter) {
        return badRequest('INVALID_FILTER_VALUE', 'Invalid filter value', `${value} is not a valid value for ${filter}.`, { parameter: filter });
    },
    invalidPageValue(key, value) {
        return badRequest('INVALID_PAGE_VALUE', 'Invalid page value', `${value} is not a valid value for ${key} page parameter.`, { parameter: `page[${key}]` });
    },
    paramNotAllowed(param, pointer) {
        return badRequest('PARAM_NOT_ALLOWED', 'Param not allowed', `${param} is not allowed.`, pointer ? { pointer } : undefined);
    },
    paramMissing(param, pointer) {
        return badRequest('PARAM_MISSING', 'Missing Parameter', `The required parameter, ${param}, is missing.`, pointer ? { pointer } : undefined);
    },
    invalidFieldValue(field, value, pointer) {
        return badRequest('INVALID_FIELD_VALUE', 'Invalid field value', `${JSON.stringify(value)} is not a valid value for ${field}.`, { pointer });
    },
    keyNotIncludedInUrl(key) {
        return badRequest('KEY_NOT_INCLUDED_IN_URL', 'Key is not included in URL', `The URL does not support the key ${key}`, { pointer: '/data/id' });
    },
    typeMismatch(type) {
        return badRequest('TYPE_MISMATCH', 'Type Mismatch', `${type} is not a valid type for this operation.`, { pointer: '/data/type' });
    },
    badRequest(detail) {
        return badRequest('BAD_REQUEST', 'Bad request', detail);
    },
    /** A Rails-style validation failure: `title` is the message, `detail` is `attr - message`. */
    validation(attribute, message, error, options = {}) {
        return new ApiError(422, [
            {
                title: message,
                detail: `${attribute} - ${message}`,
                code: 'VALIDATION_ERROR',
                status: '422',
                source: { pointer: options.pointer ?? `/data/attributes/${attribute}` },
                meta: { error, ...options.meta },
            },
        ]);
    },
    locked(detail) {
        return new ApiError(423, [{ title: 'Locked', detail, code: 'LOCKED', status: '423' }]);
    },
};
//# sourceMappingURL=errors.js.map