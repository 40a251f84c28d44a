import type { ApiErrorObject } from './types.ts';

/**
 * A client mistake or a refused operation, thrown anywhere below `api.ts` and answered as a
 * Commerce Layer error document. Throwing inside a write transaction also rolls it back.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: ApiErrorObject[];

  constructor(status: number, errors: ApiErrorObject[]) {
    super(errors[0]?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function badRequest(
  code: string,
  title: string,
  detail: string,
  source?: ApiErrorObject['source'],
): ApiError {
  return new ApiError(400, [{ title, detail, code, status: '400', ...(source ? { source } : {}) }]);
}

export const errors = {
  unauthorized(): ApiError {
    return new ApiError(401, [
      {
        title: 'Access denied',
        detail: 'You are not authorized to perform this action on the requested resource.',
        code: 'UNAUTHORIZED',
        status: '401',
      },
    ]);
  },
  recordNotFound(pointer?: string): ApiError {
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
  routeNotFound(path: string): ApiError {
    return new ApiError(404, [
      {
        title: 'Not found',
        detail: `The requested path /api/${path} was not found.`,
        code: 'NOT_FOUND',
        status: '404',
      },
    ]);
  },
  methodNotAllowed(method: string, type: string): ApiError {
    return new ApiError(405, [
      {
        title: 'Method not allowed',
        detail: `${method} is not allowed on ${type}.`,
        code: 'METHOD_NOT_ALLOWED',
        status: '405',
      },
    ]);
  },
  invalidInclude(relationship: string, type: string): ApiError {
    return badRequest(
      'INVALID_INCLUDE',
      'Invalid field',
      `${relationship} is not a valid includable relationship of ${type}`,
      { parameter: 'include' },
    );
  },
  invalidField(field: string, type: string): ApiError {
    return badRequest(
      'INVALID_FIELD',
      'Invalid field',
      `${field} is not a valid field for ${type}.`,
      {
        parameter: `fields[${type}]`,
      },
    );
  },
  invalidResource(type: string): ApiError {
    return badRequest('INVALID_RESOURCE', 'Invalid resource', `${type} is not a valid resource.`);
  },
  invalidSort(criteria: string, type: string): ApiError {
    return badRequest(
      'INVALID_SORT_CRITERIA',
      'Invalid sort criteria',
      `${criteria} is not a valid sort criteria for ${type}`,
      { parameter: 'sort' },
    );
  },
  filterNotAllowed(filter: string): ApiError {
    return badRequest('FILTER_NOT_ALLOWED', 'Filter not allowed', `${filter} is not allowed.`, {
      parameter: filter,
    });
  },
  invalidFilterValue(value: string, filter: string): ApiError {
    return badRequest(
      'INVALID_FILTER_VALUE',
      'Invalid filter value',
      `${value} is not a valid value for ${filter}.`,
      { parameter: filter },
    );
  },
  invalidPageValue(key: string, value: string): ApiError {
    return badRequest(
      'INVALID_PAGE_VALUE',
      'Invalid page value',
      `${value} is not a valid value for ${key} page parameter.`,
      { parameter: `page[${key}]` },
    );
  },
  paramNotAllowed(param: string, pointer?: string): ApiError {
    return badRequest(
      'PARAM_NOT_ALLOWED',
      'Param not allowed',
      `${param} is not allowed.`,
      pointer ? { pointer } : undefined,
    );
  },
  paramMissing(param: string, pointer?: string): ApiError {
    return badRequest(
      'PARAM_MISSING',
      'Missing Parameter',
      `The required parameter, ${param}, is missing.`,
      pointer ? { pointer } : undefined,
    );
  },
  invalidFieldValue(field: string, value: unknown, pointer: string): ApiError {
    return badRequest(
      'INVALID_FIELD_VALUE',
      'Invalid field value',
      `${JSON.stringify(value)} is not a valid value for ${field}.`,
      { pointer },
    );
  },
  keyNotIncludedInUrl(key: string): ApiError {
    return badRequest(
      'KEY_NOT_INCLUDED_IN_URL',
      'Key is not included in URL',
      `The URL does not support the key ${key}`,
      { pointer: '/data/id' },
    );
  },
  typeMismatch(type: string): ApiError {
    return badRequest(
      'TYPE_MISMATCH',
      'Type Mismatch',
      `${type} is not a valid type for this operation.`,
      { pointer: '/data/type' },
    );
  },
  badRequest(detail: string): ApiError {
    return badRequest('BAD_REQUEST', 'Bad request', detail);
  },
  /** A Rails-style validation failure: `title` is the message, `detail` is `attr - message`. */
  validation(
    attribute: string,
    message: string,
    error: string,
    options: { pointer?: string; meta?: Record<string, unknown> } = {},
  ): ApiError {
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
  locked(detail: string): ApiError {
    return new ApiError(423, [{ title: 'Locked', detail, code: 'LOCKED', status: '423' }]);
  },
};
