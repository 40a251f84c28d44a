import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
export const DEFAULT_LIMITS = {
    maxDepth: 8,
    maxAliases: 15,
    maxDirectives: 50,
    maxTokens: 2_000,
    introspection: true,
    fieldSuggestions: true,
};
/** Refuses `__schema` and `__type` (one error each, with a code); `__typename` stays allowed. */
function noIntrospection(context) {
    return {
        Field(node) {
            if (node.name.value === '__schema' || node.name.value === '__type') {
                context.reportError(new GraphQLError(`Introspection is disabled on this gateway (\`${node.name.value}\`).`, {
                    nodes: node,
                    extensions: { code: 'INTROSPECTION_DISABLED' },
                }));
            }
        },
    };
}
/** `extensions.code` of each refusal. */
export const LIMIT_CODES = {
    maxDepth: 'QUERY_TOO_DEEP',
    maxAliases: 'TOO_MANY_ALIASES',
    maxDirectives: 'TOO_MANY_DIRECTIVES',
    maxTokens: 'QUERY_TOO_LARGE',
};
function coded(code, limit) {
    return [
        (_context, error) => {
            // graphql-armor builds its errors without a code; clients branch on codes, not messages.
            Object.assign(error.extensions, { code, limit });
            // …and prefixes them "Syntax Error: ", although the document parsed: a limit is not syntax.
            error.message = error.message.replace(/^Syntax Error: /, 'Refused: ');
        },
    ];
}
/**
 * Depth, alias, directive and token limits (graphql-armor; its cost limit is off: `useCost`
 * counts upstream requests instead), introspection and field suggestions.
 */
export function useLimits(options = {}) {
    const limits = { ...DEFAULT_LIMITS, ...options };
    const introspectionOff = {
        onValidate({ addValidationRule }) {
            addValidationRule(noIntrospection);
        },
    };
    return {
        onPluginInit({ addPlugin }) {
            addPlugin(EnvelopArmorPlugin({
                costLimit: { enabled: false },
                maxDepth: {
                    n: limits.maxDepth,
                    flattenFragments: true,
                    onReject: coded(LIMIT_CODES.maxDepth, limits.maxDepth),
                },
                maxAliases: {
                    n: limits.maxAliases,
                    onReject: coded(LIMIT_CODES.maxAliases, limits.maxAliases),
                },
                maxDirectives: {
                    n: limits.maxDirectives,
                    onReject: coded(LIMIT_CODES.maxDirectives, limits.maxDirectives),
                },
                maxTokens: {
                    n: limits.maxTokens,
                    onReject: coded(LIMIT_CODES.maxTokens, limits.maxTokens),
                },
                blockFieldSuggestion: { enabled: !limits.fieldSuggestions },
            }));
            if (!limits.introspection) {
                addPlugin(introspectionOff);
            }
        },
    };
}
//# sourceMappingURL=use-limits.js.map