import type { Plugin } from 'graphql-yoga';

/**
 * Closes the connection after a 413 (request body too large). The limit itself is yoga's
 * `maxRequestBodySize` (set from `MAX_BODY_BYTES`), checked on `Content-Length` and on the bytes
 * actually read, chunked bodies included. Past it the rest of the body is left unread while the
 * client may still be sending it, so the connection cannot carry another request: a client that
 * reused it would be reset. (Other early answers, such as 415, have their small body drained by
 * Node and keep the connection.)
 */
export function useBodyLimit(): Plugin {
  return {
    onResponse({ response }) {
      if (response.status === 413) {
        response.headers.set('connection', 'close');
      }
    },
  };
}
