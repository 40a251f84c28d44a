import got from 'got';
import { fromGotError, UpstreamError } from "./errors.js";
/** Creates a token manager. Makes no request until the first `get()`. */
export function createTokenManager(config) {
    const now = config.now ?? Date.now;
    const path = new URL(config.authUrl).pathname.replace(/^\/+/, '');
    let cached;
    let inFlight;
    let fetchCount = 0;
    /** The newest token the Core API rejected: never taken back from the shared store. */
    let rejected;
    const client = got.extend({
        headers: {
            accept: 'application/json',
            'user-agent': config.userAgent ?? 'customers-gateway',
        },
        responseType: 'json',
        timeout: { request: config.timeoutMs },
        followRedirect: false,
        ...(config.agent === undefined ? {} : { agent: config.agent }),
        retry: {
            limit: 1,
            methods: ['POST'],
            statusCodes: [502, 503, 504],
            calculateDelay: ({ computedValue }) => (computedValue === 0 ? 0 : 50),
        },
        hooks: {
            beforeRequest: [
                () => {
                    fetchCount += 1;
                },
            ],
        },
    });
    const fetchToken = async () => {
        const startedAt = now();
        let body;
        try {
            const response = await client.post(config.authUrl, {
                json: {
                    grant_type: 'client_credentials',
                    client_id: config.clientId,
                    ...(config.clientSecret === undefined ? {} : { client_secret: config.clientSecret }),
                    ...(config.scope === undefined ? {} : { scope: config.scope }),
                },
            });
            body = response.body;
        }
        catch (error) {
            throw fromGotError(error, { method: 'POST', path, reportApplied: false }) ?? error;
        }
        const token = readAccessToken(body);
        if (token === undefined) {
            throw new UpstreamError({
                code: 'UPSTREAM_BAD_RESPONSE',
                method: 'POST',
                path,
                status: 200,
                message: 'The token endpoint answered without an access token',
            });
        }
        const expiresAt = expiryOf(body, token, startedAt);
        const lifetime = Math.max(0, expiresAt - startedAt);
        const margin = config.refreshMarginMs ?? Math.min(60_000, lifetime / 10);
        return { token, refreshAt: expiresAt - margin };
    };
    const obtain = async () => {
        const fresh = config.store === undefined
            ? await fetchToken()
            : await config.store.fetchOnce(fetchToken, rejected);
        cached = fresh;
        return fresh.token;
    };
    const peek = () => cached !== undefined && now() < cached.refreshAt ? cached.token : undefined;
    return {
        get() {
            const valid = peek();
            if (valid !== undefined) {
                return Promise.resolve(valid);
            }
            if (inFlight === undefined) {
                const fetching = obtain();
                inFlight = fetching;
                const clear = () => {
                    if (inFlight === fetching) {
                        inFlight = undefined;
                    }
                };
                fetching.then(clear, clear);
            }
            return inFlight;
        },
        invalidate(token) {
            rejected = token;
            if (cached?.token === token) {
                cached = undefined;
            }
            void config.store?.invalidate(token);
        },
        peek,
        get fetchCount() {
            return fetchCount;
        },
    };
}
/**
 * The payload of a JWT, decoded but NOT verified (the Core API verifies; the gateway only reads
 * claims such as `application.kind` to describe a token). Accepts `Bearer …` or a bare token.
 * `undefined` for anything that is not a three-part JWT with a JSON object payload. Never throws.
 */
export function decodeJwtPayload(token) {
    const bare = token.replace(/^\s*bearer\s+/i, '').trim();
    const parts = bare.split('.');
    if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') {
        return undefined;
    }
    try {
        const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
            ? payload
            : undefined;
    }
    catch {
        return undefined;
    }
}
function readAccessToken(body) {
    if (typeof body !== 'object' || body === null) {
        return undefined;
    }
    const token = body.access_token;
    return typeof token === 'string' && token !== '' ? token : undefined;
}
/** Default lifetime when the answer states none (neither `expires_in` nor JWT `exp`). */
const FALLBACK_LIFETIME_MS = 60_000;
function expiryOf(body, token, startedAt) {
    const candidates = [];
    const expiresIn = Number(body.expires_in);
    if (Number.isFinite(expiresIn) && expiresIn > 0) {
        candidates.push(startedAt + expiresIn * 1000);
    }
    const exp = decodeJwtPayload(token)?.exp;
    // An `exp` already past by the local clock means clock skew; trust `expires_in` then.
    if (typeof exp === 'number' && Number.isFinite(exp) && exp * 1000 > startedAt) {
        candidates.push(exp * 1000);
    }
    return candidates.length > 0 ? Math.min(...candidates) : startedAt + FALLBACK_LIFETIME_MS;
}
//# sourceMappingURL=token.js.map