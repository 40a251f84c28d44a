import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { hasUnsafeCharacters } from '../schema/unsafe-text.ts';

export interface InputBoundsOptions {
  /** Most items in one list argument (default 100). */
  readonly maxListItems?: number;
  /** Per-argument overrides by argument name, e.g. `{ representations: 250 }`. */
  readonly listItemsByArgument?: Readonly<Record<string, number>>;
  /** Longest string value or object key, in characters (default 65 536). */
  readonly maxStringLength?: number;
  /** Most input values (scalars, list items, object fields) in one operation (default 5 000). */
  readonly maxValues?: number;
}

export const DEFAULT_INPUT_BOUNDS = {
  maxListItems: 100,
  listItemsByArgument: { representations: 250 },
  maxStringLength: 65_536,
  maxValues: 5_000,
} as const;

interface DocumentAnalysis {
  /** Set when a literal breaks a bound: every execution of the document is refused. */
  readonly refusal?: Refusal;
  readonly literalValues: number;
  readonly variableLimits: ReadonlyMap<string, number>;
}

class Refusal extends Error {
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
  }
}

/**
 * Bounds on what one operation may carry, checked on the raw document and variables before
 * anything is resolved or sent upstream: list lengths (Commerce Layer takes at most 100 values in
 * one `_in` filter and 25 per page, so longer lists can only cost requests), string lengths, the
 * number of input values, and characters no input may hold. A breach is BAD_USER_INPUT with the
 * argument's path (`argument`), and nothing runs.
 */
export function useInputBounds(options: InputBoundsOptions = {}): Plugin {
  const maxListItems = options.maxListItems ?? DEFAULT_INPUT_BOUNDS.maxListItems;
  const byArgument: Readonly<Record<string, number>> =
    options.listItemsByArgument ?? DEFAULT_INPUT_BOUNDS.listItemsByArgument;
  const maxString = options.maxStringLength ?? DEFAULT_INPUT_BOUNDS.maxStringLength;
  const maxValues = options.maxValues ?? DEFAULT_INPUT_BOUNDS.maxValues;

  const limitOf = (argument: string) => byArgument[argument] ?? maxListItems;

  /** Counts input values against `maxValues`, starting from `initial`. */
  const counter = (initial: number) => {
    let values = initial;
    return {
      count(at: string) {
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
  const checkString = (text: string, at: string) => {
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
  const analyses = new WeakMap<DocumentNode, DocumentAnalysis>();
  const analyse = (document: DocumentNode): DocumentAnalysis => {
    const known = analyses.get(document);
    if (known !== undefined) {
      return known;
    }
    const values = counter(0);
    const walkLiteral = (node: ValueNode, at: string, limit: number): void => {
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
    const variableLimits = new Map<string, number>();
    let analysis: DocumentAnalysis;
    try {
      visit(document, {
        Argument(node) {
          if (node.value.kind === Kind.VARIABLE) {
            const previous = variableLimits.get(node.value.name.value) ?? 0;
            variableLimits.set(node.value.name.value, Math.max(previous, limitOf(node.name.value)));
          } else {
            walkLiteral(node.value, node.name.value, limitOf(node.name.value));
          }
          return false;
        },
      });
      analysis = { literalValues: values.values, variableLimits };
    } catch (error) {
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
      const walkRaw = (value: unknown, at: string, limit: number): void => {
        values.count(at);
        if (typeof value === 'string') {
          checkString(value, at);
        } else if (Array.isArray(value)) {
          if (value.length > limit) {
            throw new Refusal(`\`${at}\` has more than ${limit} items.`, at);
          }
          for (const [index, item] of value.entries()) {
            walkRaw(item, `${at}.${index}`, limit);
          }
        } else if (typeof value === 'object' && value !== null) {
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
      } catch (error) {
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
