import { readFile } from 'node:fs/promises';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
/**
 * Reads a manifest (`{ "<sha256>": "query … { … }" }`, codegen's `persisted-documents.json`).
 * Throws when the file is unreadable or not such an object.
 */
export async function loadTrustedDocuments(path) {
    const parsed = JSON.parse(await readFile(path, 'utf8'));
    if (!parsed ||
        typeof parsed !== 'object' ||
        Array.isArray(parsed) ||
        !Object.values(parsed).every((value) => typeof value === 'string')) {
        throw new Error(`${path} is not a trusted documents manifest (an object of id → document).`);
    }
    return parsed;
}
/**
 * The document id a request names: `documentId` (GraphQL over HTTP), with or without a
 * `sha256:` prefix, or Apollo's `extensions.persistedQuery.sha256Hash`.
 */
export function documentIdOf(params) {
    const documentId = params.documentId;
    if (typeof documentId === 'string' && documentId !== '') {
        return documentId.replace(/^sha256:/, '');
    }
    const persisted = params.extensions
        ?.persistedQuery;
    return typeof persisted?.sha256Hash === 'string'
        ? persisted.sha256Hash.replace(/^sha256:/, '')
        : null;
}
/**
 * Only operations of the manifest run; any other document is refused before parsing with
 * `TRUSTED_DOCUMENT_REQUIRED` (a query text was sent) or `TRUSTED_DOCUMENT_NOT_FOUND` (an unknown
 * id). Meant for first-party clients: a supergraph router sends its own `_entities` documents,
 * so a subgraph behind one keeps this off.
 */
export function useTrustedDocuments(options) {
    // Codegen writes ids as `sha256:<hex>`; Apollo clients send the bare hex.
    const documents = new Map(Object.entries(options.documents).map(([id, document]) => [
        id.replace(/^sha256:/, ''),
        document,
    ]));
    return usePersistedOperations({
        allowArbitraryOperations: false,
        extractPersistedOperationId: documentIdOf,
        getPersistedOperation: (id) => documents.get(id) ?? null,
        customErrors: {
            persistedQueryOnly: {
                message: 'This gateway only runs trusted documents: send `documentId` (or `extensions.persistedQuery.sha256Hash`) instead of a query text.',
                extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', http: { status: 400 } },
            },
            keyNotFound: {
                message: 'This gateway only runs trusted documents: send `documentId` (or `extensions.persistedQuery.sha256Hash`).',
                extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', http: { status: 400 } },
            },
            notFound: {
                message: 'No trusted document has this id.',
                extensions: { code: 'TRUSTED_DOCUMENT_NOT_FOUND', http: { status: 400 } },
            },
        },
    });
}
//# sourceMappingURL=use-trusted-documents.js.map