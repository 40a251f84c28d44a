import { isAsyncIterable } from 'graphql-yoga';
/**
 * Every suggestion graphql-js writes (`didYouMean`): ` Did you mean "a"?`, ` Did you mean "a" or
 * "b"?`, ` Did you mean "a", "b", or "c"?`, ` Did you mean the enum value "A"?`, ` Did you mean to
 * use an inline fragment on "T"?`. Field, argument, type, enum value and variable names included.
 */
const SUGGESTION = /\s*Did you mean\b[^?]*\?/g;
/** The message without its suggestions. */
export function withoutSuggestions(message) {
    return message.replace(SUGGESTION, '').trim();
}
function strip(errors) {
    for (const error of errors ?? []) {
        if (error.message.includes('Did you mean')) {
            error.message = withoutSuggestions(error.message);
        }
    }
}
/**
 * Removes "Did you mean …?" from every error a client receives, so the schema's names cannot be
 * guessed one typo at a time while introspection is off. Validation errors (fields, arguments,
 * types) are stripped where they are made; variable coercion errors (enum values, input fields)
 * come from execution, and every other answer is stripped once more just before it is sent.
 */
export function useNoSuggestions() {
    return {
        onValidate() {
            return ({ valid, result }) => {
                if (!valid) {
                    strip(result);
                }
            };
        },
        onResultProcess({ result }) {
            if (isAsyncIterable(result)) {
                return;
            }
            for (const item of Array.isArray(result) ? result : [result]) {
                strip(item.errors);
            }
        },
    };
}
//# sourceMappingURL=use-no-suggestions.js.map