/** Media type of every Core API request and response body (`Accept` and `Content-Type`). */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';
/** Largest `page[size]` the Core API accepts. */
export const MAX_PAGE_SIZE = 25;
/** `page[size]` the Core API uses when none is sent. */
export const DEFAULT_PAGE_SIZE = 10;
/** Predicate suffixes that take a comma-separated list (Commerce Layer SDK `query.ts`). */
const LIST_PREDICATE = /_(in|any|all|not_in_or_null)$/;
/** Predicate suffix that takes a JSON object (`metadata_jcont={"tier":"gold"}`). */
const JSON_PREDICATE = /_jcont$/;
/**
 * Encodes query parameters for a Core API request. Pure; makes no request.
 *
 * Parameters come out in a fixed order (`include`, `fields[…]`, `filter[q][…]`, `sort`,
 * `page[number]`, `page[size]`), each key in the order given, so equal queries give equal strings:
 * - `include: ['a', 'b.c']` → `include=a,b.c`; an empty list sends nothing.
 * - `fields: { customers: ['email'] }` → `fields[customers]=email` (an empty list sends an empty
 *   value, which asks for no fields).
 * - `filter: { email_cont: 'doe' }` → `filter[q][email_cont]=doe`; booleans as `true`/`false`,
 *   numbers as decimal strings, arrays joined with `,` (values cannot contain commas: the Core API
 *   has no escape for them), objects JSON-stringified. `undefined` values are skipped.
 * - `sort: ['-created_at', 'email']` → `sort=-created_at,email`.
 * - `page: { number: 2, size: 25 }` → `page[number]=2&page[size]=25`.
 *
 * @throws TypeError for an array on a predicate that does not end in `_in`, `_any`, `_all` or
 *   `_not_in_or_null`, an object on a predicate other than `*_jcont`, or an array element that
 *   contains a comma.
 * @throws RangeError for a page number below 1 or a page size outside 1…{@link MAX_PAGE_SIZE}.
 */
export function toSearchParams(query = {}) {
    const params = new URLSearchParams();
    if (query.include !== undefined && query.include.length > 0) {
        params.set('include', query.include.join(','));
    }
    for (const [type, names] of Object.entries(query.fields ?? {})) {
        params.set(`fields[${type}]`, names.join(','));
    }
    for (const [predicate, value] of Object.entries(query.filter ?? {})) {
        if (value === undefined) {
            continue;
        }
        params.set(`filter[q][${predicate}]`, encodeFilterValue(predicate, value));
    }
    if (query.sort !== undefined && query.sort.length > 0) {
        params.set('sort', query.sort.join(','));
    }
    if (query.page !== undefined) {
        const { number, size } = query.page;
        if (!Number.isInteger(number) || number < 1) {
            throw new RangeError(`page[number] must be an integer >= 1, got ${number}`);
        }
        if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
            throw new RangeError(`page[size] must be an integer in 1..${MAX_PAGE_SIZE}, got ${size}`);
        }
        params.set('page[number]', String(number));
        params.set('page[size]', String(size));
    }
    return params;
}
function encodeFilterValue(predicate, value) {
    if (Array.isArray(value)) {
        if (!LIST_PREDICATE.test(predicate)) {
            throw new TypeError(`filter predicate ${predicate} does not take a list`);
        }
        return value
            .map((item) => {
            const text = String(item);
            if (text.includes(',')) {
                throw new TypeError(`a value of filter predicate ${predicate} contains a comma`);
            }
            return text;
        })
            .join(',');
    }
    if (typeof value === 'object' && value !== null) {
        if (!JSON_PREDICATE.test(predicate)) {
            throw new TypeError(`filter predicate ${predicate} does not take an object`);
        }
        return JSON.stringify(value);
    }
    return String(value);
}
//# sourceMappingURL=query.js.map