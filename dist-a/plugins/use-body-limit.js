import { createGraphQLError } from 'graphql-yoga';
/** Only one non-negative integer is a valid `Content-Length` (a list is a smuggling attempt). */
const CONTENT_LENGTH = /^\d+$/;
/**
 * The request body limit (`MAX_BODY_BYTES`), in place of yoga's `maxRequestBodySize` (which is
 * turned off) and with the same answers: 413 `REQUEST_ENTITY_TOO_LARGE` past the limit, 400
 * `BAD_REQUEST` for an invalid `Content-Length`.
 *
 * What differs is the cost. yoga pipes every body through a `TransformStream` that counts bytes,
 * about a tenth of the CPU of a `{ __typename }` request. Here a body with a valid
 * `Content-Length` within the limit is read as it is: Node's HTTP parser never delivers more
 * bytes than `Content-Length` says (and refuses a request that also says `Transfer-Encoding`),
 * so the header bounds the body. Only a body without one (chunked) is counted as it is read.
 *
 * After a 413 the connection is closed: the rest of the body is left unread while the client may
 * still be sending it, so the connection cannot carry another request, and a client that reused
 * it would be reset. (Other early answers, such as 415, have their small body drained by Node and
 * keep the connection.)
 *
 * Register it after every plugin that sets a request parser: it wraps the parser chosen.
 */
export function useBodyLimit(limit) {
    return {
        onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
            const contentLength = request.headers.get('content-length');
            if (contentLength !== null) {
                if (!CONTENT_LENGTH.test(contentLength)) {
                    throw invalidContentLength();
                }
                if (Number(contentLength) > limit) {
                    throw tooLarge();
                }
                return;
            }
            if (requestParser === undefined || request.body === null) {
                return;
            }
            const parse = requestParser;
            setRequestParser((unlimited) => parse(countedBody(unlimited, limit, fetchAPI)));
        },
        onResponse({ response }) {
            if (response.status === 413) {
                response.headers.set('connection', 'close');
            }
        },
    };
}
/** The request with its body counted as it is read, failing with 413 past `limit` bytes. */
function countedBody(request, limit, fetchAPI) {
    let read = 0;
    // A native ReadableStream needs the native TransformStream (yoga does the same).
    const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
    const body = request.body?.pipeThrough(new Transform({
        transform(chunk, controller) {
            read += chunk.byteLength;
            if (read > limit) {
                controller.error(tooLarge());
                return;
            }
            controller.enqueue(chunk);
        },
    }));
    return new fetchAPI.Request(request.url, {
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        body: body ?? null,
        // @ts-expect-error `duplex` is required by fetch for a streamed body, missing from the types.
        duplex: 'half',
    });
}
function tooLarge() {
    return createGraphQLError('Request body too large', {
        extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
}
function invalidContentLength() {
    return createGraphQLError('Content-Length header is invalid.', {
        extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
    });
}
//# sourceMappingURL=use-body-limit.js.map