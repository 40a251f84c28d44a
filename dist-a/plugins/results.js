import { getOperationAST } from 'graphql';
/**
 * The `extensions.code` of every error in a yoga result (one result, a batch of them, or a
 * stream, which is skipped: its errors arrive later). Errors without a code count as
 * `INTERNAL_SERVER_ERROR`, the code yoga's masking gives them.
 */
export function errorCodesOf(result) {
    const results = Array.isArray(result) ? result : [result];
    const codes = [];
    for (const one of results) {
        const errors = one?.errors;
        if (!Array.isArray(errors)) {
            continue;
        }
        for (const error of errors) {
            const code = error?.extensions?.code;
            codes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
        }
    }
    return codes;
}
/** `query`, `mutation` or `subscription`; undefined when the document has no such operation. */
export function operationTypeOf(document, operationName) {
    return getOperationAST(document, operationName)?.operation;
}
//# sourceMappingURL=results.js.map