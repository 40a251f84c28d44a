import { type DocumentNode, getOperationAST } from 'graphql';

/**
 * The `extensions.code` of every error in a yoga result (one result, a batch of them, or a
 * stream, which is skipped: its errors arrive later). Errors without a code count as
 * `INTERNAL_SERVER_ERROR`, the code yoga's masking gives them.
 */
export function errorCodesOf(result: unknown): string[] {
  const results = Array.isArray(result) ? result : [result];
  const codes: string[] = [];
  for (const one of results) {
    const errors = (one as { errors?: unknown } | null | undefined)?.errors;
    if (!Array.isArray(errors)) {
      continue;
    }
    for (const error of errors) {
      const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      codes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
    }
  }
  return codes;
}

/** `query`, `mutation` or `subscription`; undefined when the document has no such operation. */
export function operationTypeOf(
  document: DocumentNode,
  operationName: string | null | undefined,
): string | undefined {
  return getOperationAST(document, operationName)?.operation;
}
