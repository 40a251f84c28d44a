import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
export const builder = new SchemaBuilder({
    // Federation last: it wraps what the other plugins built (pothos plugins/federation.mdx).
    plugins: [DirectivesPlugin, RelayPlugin, FederationPlugin],
    defaultFieldNullability: false,
    relay: {
        clientMutationId: 'omit',
        cursorType: 'String',
        nodesOnConnection: { description: 'The records of the page (the edges without cursors).' },
        nodeQueryOptions: false,
        nodesQueryOptions: false,
        brandLoadedObjects: false,
        idFieldOptions: {
            description: 'The Relay global ID: opaque, stable, accepted by `node(id:)`.',
        },
        nodeTypeOptions: {
            description: 'A record that can be fetched by its global ID with `node(id:)`.',
        },
        pageInfoTypeOptions: { description: 'Where a page sits in the whole list.', shareable: true },
        hasNextPageFieldOptions: { description: 'Whether records follow this page.' },
        hasPreviousPageFieldOptions: { description: 'Whether records precede this page.' },
        startCursorFieldOptions: { description: 'The cursor of the first record of the page.' },
        endCursorFieldOptions: { description: 'The cursor of the last record of the page.' },
        // The defaults are DEFAULT_CONNECTION_SIZE and MAX_CONNECTION_SIZE (schema/connection.ts);
        // a test checks every connection's arguments say so.
        firstArgOptions: {
            description: 'Return the first n records (0 to 100). Without `first` and `last`, the first 20 records.',
        },
        lastArgOptions: {
            description: 'Return the last n records (0 to 100). Without `first` and `last`, the first 20 records.',
        },
        afterArgOptions: { description: 'Start after this cursor.' },
        beforeArgOptions: { description: 'End before this cursor.' },
        cursorFieldOptions: { description: 'An opaque position, for `after` and `before`.' },
        nodeFieldOptions: { description: 'The record.' },
        edgesFieldOptions: { description: 'The records of the page with their cursors.' },
        pageInfoFieldOptions: { description: 'Pagination state of the page.' },
        defaultEdgeTypeOptions: { description: 'A record with its cursor.' },
    },
});
builder.queryType({ description: 'Read Commerce Layer customers and everything they relate to.' });
builder.mutationType({
    description: 'Change Commerce Layer customers. Every mutation answers a payload with the changed record and `userErrors`; expected failures are never top-level errors. Mutations are never retried by the gateway; to retry safely, send an `Idempotency-Key` header (at most 255 visible ASCII characters): the same key with the same operation and variables replays the first result for 24 hours instead of writing again, and the same key with anything else is refused (IDEMPOTENCY_KEY_REUSED).',
});
builder.addScalarType('DateTime', DateTimeResolver, {
    description: 'A date-time string in ISO 8601 format, UTC (`2026-01-31T12:00:00.000Z`).',
});
builder.addScalarType('JSONObject', JSONObjectResolver, {
    description: 'A JSON object (key-value pairs), such as Commerce Layer `metadata`.',
});
//# sourceMappingURL=builder.js.map