import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError, getOperationAST, Kind } from 'graphql';
import { collectFields } from 'graphql/execution/collectFields.js';
/** The header a supergraph router sends with {@link SdlGuardOptions.secret}. */
export const SDL_SECRET_HEADER = 'x-federation-sdl-secret';
function digest(value) {
    return createHash('sha256').update(value).digest();
}
/**
 * `_service { sdl }` is the whole schema, descriptions included: introspection by another name.
 * When introspection is off it is refused with `INTROSPECTION_DISABLED` before anything runs,
 * unless the request carries the router's secret (compared in constant time). A supergraph is
 * composed from the committed `schema/schema.graphql` instead (README, "Federation").
 *
 * Checked at execution, per request: the decision depends on a header, and yoga caches
 * validation results by document.
 */
export function useSdlGuard(options) {
    if (options.open) {
        return {};
    }
    const expected = options.secret === undefined ? undefined : digest(options.secret);
    const allowed = (request) => {
        const presented = request.headers.get(SDL_SECRET_HEADER);
        return (expected !== undefined && presented !== null && timingSafeEqual(digest(presented), expected));
    };
    return {
        onExecute({ args, setResultAndStopExecution }) {
            const operation = getOperationAST(args.document, args.operationName);
            const queryType = args.schema.getQueryType();
            if (operation?.operation !== 'query' || !queryType) {
                return;
            }
            const fragments = {};
            for (const definition of args.document.definitions) {
                if (definition.kind === Kind.FRAGMENT_DEFINITION) {
                    fragments[definition.name.value] = definition;
                }
            }
            const fields = collectFields(args.schema, fragments, (args.variableValues ?? {}), queryType, operation.selectionSet);
            const asksSdl = [...fields.values()].some((nodes) => nodes[0]?.name.value === '_service');
            const request = args.contextValue.request;
            if (asksSdl && !(request && allowed(request))) {
                setResultAndStopExecution({
                    errors: [
                        new GraphQLError('Introspection is disabled on this gateway (`_service`): compose the supergraph from the published schema file.', { extensions: { code: 'INTROSPECTION_DISABLED' } }),
                    ],
                });
            }
        },
    };
}
//# sourceMappingURL=use-sdl-guard.js.map