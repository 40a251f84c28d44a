import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { ExecutionResult } from 'graphql';
import { createGraphQLError, isAsyncIterable, type Plugin } from 'graphql-yoga';

/** The message of yoga's CSRF prevention error, which carries no code of its own. */
const CSRF_MESSAGE = 'Required CSRF header(s) not present';

/**
 * Media types a POST body may have: JSON, as the GraphQL-over-HTTP spec defines the request
 * (`application/json`, and the draft's `application/graphql+json`, which yoga parses the same).
 * Neither is a "simple" content type, so a browser preflights them: no other site can send one
 * without passing CORS.
 */
export const POST_MEDIA_TYPES: readonly string[] = ['application/json', 'application/graphql+json'];

/**
 * Headers that prove a GET came from a client allowed to send custom headers (a browser preflights
 * each of them): yoga's and Apollo's CSRF headers, and `Authorization`, which every API client
 * sends.
 */
export const CSRF_HEADERS: readonly string[] = [
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'authorization',
];

/** The media type of a `Content-Type` header, lower-cased; null when absent or a list. */
function mediaTypeOf(header: string | null): string | null {
  if (header === null || header.includes(',')) {
    return null;
  }
  return header.split(';')[0]?.trim().toLowerCase() ?? null;
}

/**
 * Cross-site request forgery: a browser sends a form (`application/x-www-form-urlencoded`,
 * `multipart/form-data`) or `text/plain` to any site without asking it first. So:
 *
 * - a POST must be JSON ({@link POST_MEDIA_TYPES}); anything else, or no `Content-Type`, is
 *   refused with 415 `UNSUPPORTED_MEDIA_TYPE` before the body is read, whether it names a trusted
 *   document or carries a query;
 * - a GET (queries only) must carry one of {@link CSRF_HEADERS} (yoga's CSRF prevention), else
 *   403 `CSRF_HEADER_REQUIRED`.
 */
export function useCsrf(): Plugin {
  const contentTypes: Plugin = {
    onRequestParse({ request }) {
      if (request.method !== 'POST') {
        return;
      }
      const mediaType = mediaTypeOf(request.headers.get('content-type'));
      if (mediaType === null || !POST_MEDIA_TYPES.includes(mediaType)) {
        throw createGraphQLError(
          `A POST body must be JSON: send Content-Type: application/json (${mediaType === null ? 'none or several were sent' : `${mediaType} is not accepted`}).`,
          { extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } } },
        );
      }
    },
  };
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(contentTypes);
      addPlugin(useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] }) as Plugin);
    },
    onResultProcess({ result }) {
      // Clients branch on codes: give yoga's refusal one.
      if (isAsyncIterable(result) || Array.isArray(result)) {
        return;
      }
      for (const error of (result as ExecutionResult).errors ?? []) {
        if (error.message === CSRF_MESSAGE && error.extensions?.code === undefined) {
          Object.assign(error.extensions, { code: 'CSRF_HEADER_REQUIRED' });
        }
      }
    },
  };
}
