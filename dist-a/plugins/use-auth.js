import { KeySetUnavailableError, TokenRejectedError } from "../auth/verify.js";
/** Where `createContext` finds the caller that `useAuth` verified for a request. */
const callers = new WeakMap();
/** The verified caller of a request, once `useAuth` accepted it. */
export function callerOfRequest(request) {
    return callers.get(request);
}
/** RFC 6750 `b64token` (a JWT's characters fit it). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MESSAGES = {
    missing: 'This API needs an Authorization: Bearer <Commerce Layer access token> header.',
    repeated: 'Send exactly one Authorization header.',
    scheme: 'The Authorization header must be Bearer <Commerce Layer access token>.',
    malformed: 'The access token is missing, invalid or expired.',
    signature: 'The access token is missing, invalid or expired.',
    expired: 'The access token is missing, invalid or expired.',
    issuer: 'The access token is missing, invalid or expired.',
    organization: "The access token belongs to another Commerce Layer organization than this API's.",
    claims: 'The access token is missing, invalid or expired.',
    unavailable: 'Access tokens cannot be verified right now (the key set is unavailable); retry.',
};
/**
 * Authentication, before anything is parsed or sent upstream: every GraphQL request must carry
 * exactly one `Authorization: Bearer <token>` whose Commerce Layer JWT verifies locally
 * (signature against the key set, expiry, issuer, organisation). A missing header (unless the
 * anonymous policy lends the gateway's credential), another scheme, an empty bearer, a repeated
 * header or a bad token is answered HTTP 401 with `extensions.code: UNAUTHENTICATED` and a
 * `WWW-Authenticate: Bearer` challenge, with 0 upstream requests. The verified caller is what
 * the rest of the gateway reads (`ctx.caller`); its token is what is forwarded upstream.
 */
export function useAuth(options) {
    const { verifier, logger } = options;
    const resolve = async (request, rawHeaders) => {
        const count = rawHeaders
            ? rawHeaders.filter((name, index) => index % 2 === 0 && name.toLowerCase() === 'authorization').length
            : undefined;
        const header = request.headers.get('authorization');
        if ((count ?? 0) > 1 || header?.includes(',')) {
            // The Fetch API joins repeated headers with ", ": no bearer token contains a comma.
            throw refusal(401, 'repeated');
        }
        if (header === null || header.trim() === '') {
            if (options.anonymous !== 'gateway-credential' || options.gatewayToken === undefined) {
                throw refusal(401, 'missing');
            }
            const token = await options.gatewayToken();
            if (token === undefined) {
                throw refusal(401, 'missing');
            }
            return { ...(await verifier.verify(token)), gatewayCredential: true };
        }
        const match = BEARER.exec(header);
        if (match?.[1] === undefined) {
            throw refusal(401, 'scheme');
        }
        return verifier.verify(match[1]);
    };
    return {
        async onRequestParse({ request, url, serverContext, endResponse }) {
            if (url.pathname !== options.graphqlEndpoint) {
                return;
            }
            const raw = serverContext.req?.rawHeaders;
            try {
                callers.set(request, await resolve(request, raw));
            }
            catch (error) {
                const refused = asRefusal(error);
                if (refused === undefined) {
                    throw error;
                }
                logger?.[refused.status === 503 ? 'warn' : 'info']({ code: refused.code, reason: refused.reason, status: refused.status }, 'request refused: not authenticated');
                endResponse(responseOf(request, refused));
            }
        },
    };
}
class RefusalError extends Error {
    refusal;
    constructor(refusal) {
        super(refusal.reason);
        this.refusal = refusal;
    }
}
function refusal(status, reason) {
    return new RefusalError({
        status,
        code: status === 401 ? 'UNAUTHENTICATED' : 'UPSTREAM_UNAVAILABLE',
        reason,
    });
}
function asRefusal(error) {
    if (error instanceof RefusalError) {
        return error.refusal;
    }
    if (error instanceof TokenRejectedError) {
        return { status: 401, code: 'UNAUTHENTICATED', reason: error.reason };
    }
    if (error instanceof KeySetUnavailableError) {
        return { status: 503, code: 'UPSTREAM_UNAVAILABLE', reason: 'unavailable' };
    }
    return undefined;
}
function responseOf(request, refused) {
    const accept = request.headers.get('accept') ?? '';
    const mediaType = accept.includes('application/graphql-response+json')
        ? 'application/graphql-response+json; charset=utf-8'
        : 'application/json; charset=utf-8';
    const headers = { 'content-type': mediaType };
    if (refused.status === 401) {
        const error = refused.reason === 'missing' ? 'invalid_request' : 'invalid_token';
        headers['www-authenticate'] = `Bearer realm="customers-gateway", error="${error}"`;
    }
    else {
        headers['retry-after'] = '5';
    }
    const body = {
        errors: [
            {
                message: MESSAGES[refused.reason] ?? MESSAGES.malformed,
                extensions: { code: refused.code, reason: refused.reason },
            },
        ],
    };
    return new Response(JSON.stringify(body), { status: refused.status, headers });
}
//# sourceMappingURL=use-auth.js.map