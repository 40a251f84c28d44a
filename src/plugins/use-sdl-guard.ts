import { createHash, timingSafeEqual } from 'node:crypto';
import { type FragmentDefinitionNode, GraphQLError, getOperationAST, Kind } from 'graphql';
import { collectFields } from 'graphql/execution/collectFields.js';
import type { Plugin } from 'graphql-yoga';

/** The header a supergraph router sends with {@link SdlGuardOptions.secret}. */
export const SDL_SECRET_HEADER = 'x-federation-sdl-secret';

export interface SdlGuardOptions {
  /** Answer `_service` to anyone (introspection on). */
  readonly open: boolean;
  /** Else: answer it only to requests whose {@link SDL_SECRET_HEADER} equals this. */
  readonly secret?: string | undefined;
}

function digest(value: string): Buffer {
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
export function useSdlGuard(options: SdlGuardOptions): Plugin {
  if (options.open) {
    return {};
  }
  const expected = options.secret === undefined ? undefined : digest(options.secret);
  const allowed = (request: Request): boolean => {
    const presented = request.headers.get(SDL_SECRET_HEADER);
    return (
      expected !== undefined && presented !== null && timingSafeEqual(digest(presented), expected)
    );
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      const queryType = args.schema.getQueryType();
      if (operation?.operation !== 'query' || !queryType) {
        return;
      }
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
          fragments[definition.name.value] = definition;
        }
      }
      const fields = collectFields(
        args.schema,
        fragments,
        (args.variableValues ?? {}) as Record<string, unknown>,
        queryType,
        operation.selectionSet,
      );
      const asksSdl = [...fields.values()].some((nodes) => nodes[0]?.name.value === '_service');
      const request = (args.contextValue as { request?: Request }).request;
      if (asksSdl && !(request && allowed(request))) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              'Introspection is disabled on this gateway (`_service`): compose the supergraph from the published schema file.',
              { extensions: { code: 'INTROSPECTION_DISABLED' } },
            ),
          ],
        });
      }
    },
  };
}
