import type { Plugin } from 'graphql-yoga';

/**
 * Statuses answered before the request body was read to its end: 413 (too large, the limit is
 * yoga's `maxRequestBodySize`, checked on Content-Length and on the bytes actually read, chunked
 * bodies included) and 415 (not JSON, see `useCsrf`).
 */
const UNREAD_BODY = new Set([413, 415]);

/**
 * Closes the connection after answering a request whose body was left unread: the client may still
 * be sending it, so the connection cannot carry another request (a reused one would be reset).
 */
export function useBodyLimit(): Plugin {
  return {
    onResponse({ response }) {
      if (UNREAD_BODY.has(response.status)) {
        response.headers.set('connection', 'close');
      }
    },
  };
}
