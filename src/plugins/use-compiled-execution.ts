import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { isPromise, makeExecute, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

export interface CompiledExecutionOptions {
  /** Documents whose compiled operations are kept, least recently used dropped first. Default 100. */
  readonly maxCompiled?: number;
  /** A document is compiled on its n-th execution (earlier ones run on graphql-js). Default 2. */
  readonly compileAfter?: number;
  /** Told the operation's name each time one is compiled (tests, metrics). */
  readonly onCompiled?: (operationName: string | undefined) => void;
}

/** What is compiled: graphql-jit's function, or `false` when graphql-jit declined the document. */
type Entry = CompiledQuery | false;

/**
 * Runs queries and mutations that clients repeat as JavaScript compiled by graphql-jit (about 20 %
 * less CPU on a 25-customer page than graphql-js's executor, bench/results/profile-before-after.md).
 *
 * Why not `@envelop/graphql-jit` as is: it compiles every new document on its first execution
 * and keeps the result as long as yoga's parser cache keeps the document (1 000 documents). A
 * compiled document holds 100–200 KB and takes 3–5 ms to build, so a caller sending distinct
 * documents would cost that much CPU and memory each. Here a document is compiled only once it has
 * run `compileAfter` times (a client's fixed operations; a flood of distinct documents never is),
 * and the compiled operations of at most `maxCompiled` documents are kept.
 *
 * Subscriptions keep graphql-js's executor (graphql-jit's subscribe differs), and so does a gateway
 * with tracing on (its resolver spans nest by graphql-js's path objects): do not install it then.
 */
export function useCompiledExecution(options: CompiledExecutionOptions = {}): Plugin {
  const compileAfter = options.compileAfter ?? 2;
  const runs = new WeakMap<DocumentNode, number>();
  const compiled = new LRUCache<DocumentNode, Map<string, Entry>>({
    max: options.maxCompiled ?? 100,
  });

  const compiledFor = (args: ExecutionArgs): CompiledQuery | undefined => {
    const operationName = args.operationName ?? undefined;
    const key = operationName ?? '';
    const byName = compiled.get(args.document);
    const known = byName?.get(key);
    if (known !== undefined) {
      return known || undefined;
    }
    const count = (runs.get(args.document) ?? 0) + 1;
    runs.set(args.document, count);
    const operation = count < compileAfter ? null : getOperationAST(args.document, operationName);
    if (!operation || operation.operation === 'subscription') {
      return undefined;
    }
    let entry: Entry = false;
    try {
      const result = compileQuery(args.schema, args.document, operationName);
      entry = isCompiledQuery(result) ? result : false;
    } catch {
      // Not compilable: graphql-js runs it, as it runs everything graphql-jit does not support.
    }
    if (entry) {
      options.onCompiled?.(operation.name?.value);
    }
    let entries = byName;
    if (entries === undefined) {
      entries = new Map();
      compiled.set(args.document, entries);
    }
    entries.set(key, entry);
    return entry || undefined;
  };

  return {
    onExecute({ args, setExecuteFn }) {
      const query = compiledFor(args);
      if (query !== undefined) {
        setExecuteFn(
          makeExecute((executeArgs) => {
            const result = query.query(
              executeArgs.rootValue,
              executeArgs.contextValue,
              executeArgs.variableValues,
            );
            return isPromise(result)
              ? result.then((done) => withFieldNodes(done, executeArgs))
              : withFieldNodes(result, executeArgs);
          }),
        );
      }
    },
  };
}

/**
 * graphql-jit's field errors carry a path and locations but not the field's AST nodes, from which
 * graphql-js's errors (and yoga, which rebuilds every error before sending it) take `locations`.
 * Each such error is rebuilt with the nodes its path names (a variable's error, which has no path,
 * with the variable's definition), as graphql-js would have made it, so answers keep `locations`
 * and errors keep `extensions`. Only answers with errors pay for this.
 */
function withFieldNodes(result: ExecutionResult, args: ExecutionArgs): ExecutionResult {
  if (!result.errors?.length) {
    return result;
  }
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) {
    return result;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of args.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const errors = result.errors.map((error) => {
    if (error.nodes !== undefined) {
      return error;
    }
    const nodes =
      error.path === undefined
        ? variableNodesOf(operation, error.message)
        : fieldNodesAt(operation.selectionSet, fragments, error.path);
    return nodes.length === 0
      ? error
      : new GraphQLError(error.message, {
          nodes,
          ...(error.path ? { path: error.path } : {}),
          ...(error.originalError ? { originalError: error.originalError } : {}),
          ...(error.extensions ? { extensions: error.extensions } : {}),
        });
  });
  return { ...result, errors };
}

/** The definition of the variable a coercion error names (`Variable "$first" got invalid …`). */
function variableNodesOf(
  operation: OperationDefinitionNode,
  message: string,
): VariableDefinitionNode[] {
  const name = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(message)?.[1];
  return (operation.variableDefinitions ?? []).filter(
    (definition) => definition.variable.name.value === name,
  );
}

/** The fields a response path names (every field with that response key, fragments included). */
function fieldNodesAt(
  root: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  path: readonly (string | number)[],
): FieldNode[] {
  let sets = [root];
  let found: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === 'number') {
      continue;
    }
    found = [];
    for (const set of sets) {
      collectFieldNodes(set, key, fragments, found, new Set());
    }
    sets = found.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return found;
}

function collectFieldNodes(
  set: SelectionSetNode,
  responseKey: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  into: FieldNode[],
  visited: Set<string>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === responseKey) {
        into.push(selection);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectFieldNodes(selection.selectionSet, responseKey, fragments, into, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) {
        collectFieldNodes(fragment.selectionSet, responseKey, fragments, into, visited);
      }
    }
  }
}
