import { GraphQLError, Kind, visit } from 'graphql';
import { hasUnsafeCharacters } from "../schema/unsafe-text.js";
export const DEFAULT_INPUT_BOUNDS = {
    maxListItems: 100,
    listItemsByArgument: { representations: 250 },
    maxStringLength: 65_536,
    maxValues: 5_000,
};
class Refusal extends Error {
    argument;
    constructor(message, argument) {
        super(message);
        this.argument = argument;
    }
}
/**
 * Bounds on what one operation may carry, checked on the raw document and variables before
 * anything is resolved or sent upstream: list lengths (Commerce Layer takes at most 100 values in
 * one `_in` filter and 25 per page, so longer lists can only cost requests), string lengths, the
 * number of input values, and characters no input may hold. A breach is BAD_USER_INPUT with the
 * argument's path (`argument`), and nothing runs.
 */
export function useInputBounds(options = {}) {
    const maxListItems = options.maxListItems ?? DEFAULT_INPUT_BOUNDS.maxListItems;
    const byArgument = options.listItemsByArgument ?? DEFAULT_INPUT_BOUNDS.listItemsByArgument;
    const maxString = options.maxStringLength ?? DEFAULT_INPUT_BOUNDS.maxStringLength;
    const maxValues = options.maxValues ?? DEFAULT_INPUT_BOUNDS.maxValues;
    const limitOf = (argument) => byArgument[argument] ?? maxListItems;
    /** Counts input values against `maxValues`, starting from `initial`. */
    const counter = (initial) => {
        let values = initial;
        return {
            count(at) {
                values += 1;
                if (values > maxValues) {
                    throw new Refusal(`The operation carries more than ${maxValues} input values.`, at);
                }
            },
            get values() {
                return values;
            },
        };
    };
    const checkString = (text, at) => {
        if (text.length > maxString) {
            throw new Refusal(`\`${at}\` is longer than ${maxString} characters.`, at);
        }
        if (hasUnsafeCharacters(text)) {
            throw new Refusal(`\`${at}\` contains control or bidirectional-override characters.`, at);
        }
    };
    /**
     * What a document alone decides: its literals' verdict, how many values they hold, and the list
     * limit of the argument each variable feeds. Documents come from yoga's parser cache, so this
     * runs once per distinct document, not once per request.
     */
    const analyses = new WeakMap();
    const analyse = (document) => {
        const known = analyses.get(document);
        if (known !== undefined) {
            return known;
        }
        const values = counter(0);
        const walkLiteral = (node, at, limit) => {
            values.count(at);
            switch (node.kind) {
                case Kind.STRING:
                    checkString(node.value, at);
                    break;
                case Kind.LIST:
                    if (node.values.length > limit) {
                        throw new Refusal(`\`${at}\` has more than ${limit} items.`, at);
                    }
                    for (const [index, item] of node.values.entries()) {
                        walkLiteral(item, `${at}.${index}`, limit);
                    }
                    break;
                case Kind.OBJECT:
                    for (const field of node.fields) {
                        checkString(field.name.value, `${at}.${field.name.value}`);
                        walkLiteral(field.value, `${at}.${field.name.value}`, maxListItems);
                    }
                    break;
                default:
                    break;
            }
        };
        const variableLimits = new Map();
        let analysis;
        try {
            visit(document, {
                Argument(node) {
                    if (node.value.kind === Kind.VARIABLE) {
                        const previous = variableLimits.get(node.value.name.value) ?? 0;
                        variableLimits.set(node.value.name.value, Math.max(previous, limitOf(node.name.value)));
                    }
                    else {
                        walkLiteral(node.value, node.name.value, limitOf(node.name.value));
                    }
                    return false;
                },
            });
            analysis = { literalValues: values.values, variableLimits };
        }
        catch (error) {
            if (!(error instanceof Refusal)) {
                throw error;
            }
            analysis = { refusal: error, literalValues: values.values, variableLimits };
        }
        analyses.set(document, analysis);
        return analysis;
    };
    return {
        onExecute({ args, setResultAndStopExecution }) {
            const analysis = analyse(args.document);
            const values = counter(analysis.literalValues);
            // Variables as sent (before coercion), with the limit of the argument each feeds.
            const walkRaw = (value, at, limit) => {
                values.count(at);
                if (typeof value === 'string') {
                    checkString(value, at);
                }
                else if (Array.isArray(value)) {
                    if (value.length > limit) {
                        throw new Refusal(`\`${at}\` has more than ${limit} items.`, at);
                    }
                    for (const [index, item] of value.entries()) {
                        walkRaw(item, `${at}.${index}`, limit);
                    }
                }
                else if (typeof value === 'object' && value !== null) {
                    for (const [key, item] of Object.entries(value)) {
                        checkString(key, `${at}.${key}`);
                        walkRaw(item, `${at}.${key}`, maxListItems);
                    }
                }
            };
            try {
                if (analysis.refusal !== undefined) {
                    throw analysis.refusal;
                }
                for (const [name, value] of Object.entries(args.variableValues ?? {})) {
                    walkRaw(value, `$${name}`, analysis.variableLimits.get(name) ?? maxListItems);
                }
            }
            catch (error) {
                if (!(error instanceof Refusal)) {
                    throw error;
                }
                setResultAndStopExecution({
                    errors: [
                        new GraphQLError(error.message, {
                            extensions: { code: 'BAD_USER_INPUT', argument: error.argument },
                        }),
                    ],
                });
            }
        },
    };
}
//# sourceMappingURL=use-input-bounds.js.map