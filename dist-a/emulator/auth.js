/**
 * OAuth for the emulator: `POST /oauth/token` (client_credentials, password, refresh_token, JWT
 * bearer) and bearer verification for `/api/*`. Access tokens are RS512 JWTs with Commerce
 * Layer's payload shape (js-auth's `CommerceLayerJWT`), signed with a key pair generated at start; the public
 * half is served at `/.well-known/jwks.json` (the `iss` claim stays Commerce Layer's, so clients
 * that derive the API domain from it keep working). Expiry is read from the emulator clock, so
 * advancing the clock expires tokens.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, errors as joseErrors, jwtVerify, SignJWT, } from 'jose';
/** Well-known demo credentials; safe to print, they only open the emulator. */
export const DEFAULT_CREDENTIALS = {
    integration: {
        clientId: 'emulator-integration-id',
        clientSecret: 'emulator-integration-secret',
    },
    salesChannel: { clientId: 'emulator-sales-channel-id' },
};
export const DEFAULT_TOKEN_LIFETIMES = { integration: 7200, salesChannel: 14_400 };
export const DEFAULT_ISSUER = 'https://auth.commercelayer.io';
/** Refresh tokens live two weeks, as Commerce Layer's do. */
const REFRESH_TOKEN_LIFETIME_MS = 14 * 24 * 3600 * 1000;
const APPLICATION_IDS = { integration: 'EmuIntgApp', sales_channel: 'EmuSalesCh' };
function tokenError(status, code, title, detail, oauthError) {
    return {
        status,
        body: { errors: [{ code, detail, meta: { error: oauthError }, status, title }] },
    };
}
const INVALID_CLIENT = () => tokenError(401, 'UNAUTHORIZED', 'Unauthorized', 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.', 'invalid_client');
const INVALID_GRANT = () => tokenError(400, 'INVALID_GRANT', 'Invalid grant', 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.', 'invalid_grant');
const UNAUTHORIZED_CLIENT = () => tokenError(401, 'UNAUTHORIZED', 'Unauthorized', 'The client is not authorized to perform this request using this method.', 'unauthorized_client');
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const GRANT_TYPES = new Set(['client_credentials', 'password', 'refresh_token', JWT_BEARER]);
/** js-auth's `createAssertion` signs HS512 with this fixed secret. */
const ASSERTION_SECRET = new TextEncoder().encode('cl');
const CLAIMS = 'https://commercelayer.io/claims';
/**
 * Reads a JWT bearer assertion as js-auth's `createAssertion` makes it: HS512 with the secret
 * `cl`, claims under `https://commercelayer.io/claims`. Only `Customer` owners are supported
 * (the emulator has no users). The customer id is not checked here: the JSON:API layer answers
 * 404 for an unknown owner.
 */
async function readAssertion(assertion) {
    if (assertion === undefined) {
        return null;
    }
    try {
        const { payload } = await jwtVerify(assertion, ASSERTION_SECRET, { algorithms: ['HS512'] });
        const claims = payload[CLAIMS];
        const owner = claims?.owner;
        if (owner?.type !== 'Customer' || typeof owner.id !== 'string' || owner.id === '') {
            return null;
        }
        const custom = claims?.custom_claim;
        return typeof custom === 'object' && custom !== null && !Array.isArray(custom)
            ? { customerId: owner.id, customClaim: custom }
            : { customerId: owner.id };
    }
    catch {
        return null;
    }
}
/** `/api` 401 bodies (https://docs.commercelayer.io/core/handling-errors): `INVALID_TOKEN` for a token that fails, else `UNAUTHORIZED`. */
export function invalidTokenError(detail) {
    return { title: 'Invalid token', detail, code: 'INVALID_TOKEN', status: '401' };
}
export function accessDeniedError(detail) {
    return { title: 'Access denied', detail, code: 'UNAUTHORIZED', status: '401' };
}
function stringParam(params, key) {
    const value = params[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
}
export async function createAuth(options) {
    const credentials = {
        integration: options.credentials?.integration ?? DEFAULT_CREDENTIALS.integration,
        salesChannel: options.credentials?.salesChannel ?? DEFAULT_CREDENTIALS.salesChannel,
    };
    const lifetimes = { ...DEFAULT_TOKEN_LIFETIMES, ...options.lifetimes };
    const test = options.test ?? true;
    const issuer = options.issuer ?? DEFAULT_ISSUER;
    const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true });
    const kid = randomBytes(8).toString('hex');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS512', use: 'sig' };
    const refreshGrants = new Map();
    const verified = new Map();
    /** Revoked access tokens → their `exp` (seconds); forgotten once expired. */
    const revoked = new Map();
    const organization = {
        id: options.organization.id,
        slug: options.organization.slug,
        enterprise: false,
        region: options.organization.region ?? 'eu-west-1',
    };
    async function sign(payload, ttl) {
        const iat = Math.floor(options.clock.now().getTime() / 1000);
        const token = await new SignJWT({ ...payload })
            .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid })
            .setIssuedAt(iat)
            .setExpirationTime(iat + ttl)
            .setIssuer(issuer)
            .sign(privateKey);
        return { token, iat };
    }
    function marketsFor(scope) {
        if (scope === undefined || scope === 'market:all') {
            return [];
        }
        const marketParts = scope.split(/\s+/).filter((part) => part.startsWith('market:'));
        const ids = [];
        for (const part of marketParts) {
            const resolved = options.api.resolveScope(part);
            if (resolved === null) {
                return null;
            }
            ids.push(...resolved);
        }
        return ids;
    }
    async function grant(input) {
        const ttl = input.kind === 'integration' ? lifetimes.integration : lifetimes.salesChannel;
        const scope = input.scope ?? 'market:all';
        const { token, iat } = await sign({
            organization,
            application: {
                id: APPLICATION_IDS[input.kind],
                client_id: input.clientId,
                kind: input.kind,
                public: input.kind === 'sales_channel',
                confidential: input.kind === 'integration',
            },
            ...(input.marketIds.length > 0
                ? {
                    market: {
                        id: input.marketIds,
                        stock_location_ids: [],
                        geocoder_id: null,
                        allows_external_prices: false,
                    },
                }
                : {}),
            ...(input.customerId === undefined
                ? {}
                : { owner: { id: input.customerId, type: 'Customer' } }),
            ...(input.customClaim === undefined ? {} : { custom_claim: input.customClaim }),
            scope,
            test,
            rand: Math.random(),
        }, ttl);
        const body = {
            access_token: token,
            token_type: 'bearer',
            expires_in: ttl,
            scope,
            created_at: iat,
        };
        if (input.customerId !== undefined) {
            let refreshToken = input.refreshToken;
            if (refreshToken === undefined) {
                refreshToken = randomBytes(32).toString('base64url');
                refreshGrants.set(refreshToken, {
                    clientId: input.clientId,
                    customerId: input.customerId,
                    scope,
                    marketIds: input.marketIds,
                    ...(input.customClaim === undefined ? {} : { customClaim: input.customClaim }),
                    expiresAt: options.clock.now().getTime() + REFRESH_TOKEN_LIFETIME_MS,
                });
            }
            body.refresh_token = refreshToken;
            body.owner_id = input.customerId;
            body.owner_type = 'customer';
        }
        return { status: 200, body };
    }
    return {
        credentials,
        lifetimes,
        jwks: () => ({ keys: [publicJwk] }),
        async token(params) {
            const grantType = stringParam(params, 'grant_type');
            const clientId = stringParam(params, 'client_id');
            const clientSecret = stringParam(params, 'client_secret');
            const scope = stringParam(params, 'scope');
            if (grantType === undefined) {
                return tokenError(400, 'INVALID_REQUEST', 'Invalid request', 'The request is missing a required parameter: grant_type.', 'invalid_request');
            }
            if (![...GRANT_TYPES].includes(grantType)) {
                return tokenError(400, 'UNSUPPORTED_GRANT_TYPE', 'Unsupported grant type', 'The authorization grant type is not supported by the authorization server.', 'unsupported_grant_type');
            }
            const isIntegration = clientId === credentials.integration.clientId &&
                clientSecret === credentials.integration.clientSecret;
            // A sales channel is public: sending its id is enough (a stray secret is ignored).
            const isSalesChannel = clientId === credentials.salesChannel.clientId;
            if (!isIntegration && !isSalesChannel) {
                return INVALID_CLIENT();
            }
            const kind = isIntegration ? 'integration' : 'sales_channel';
            const clientIdValue = clientId;
            if (grantType === 'refresh_token') {
                const refreshToken = stringParam(params, 'refresh_token');
                const stored = refreshToken === undefined ? undefined : refreshGrants.get(refreshToken);
                if (stored === undefined ||
                    stored.clientId !== clientIdValue ||
                    stored.expiresAt <= options.clock.now().getTime()) {
                    return INVALID_GRANT();
                }
                return grant({
                    kind: 'sales_channel',
                    clientId: clientIdValue,
                    scope: stored.scope,
                    marketIds: stored.marketIds,
                    customerId: stored.customerId,
                    ...(stored.customClaim === undefined ? {} : { customClaim: stored.customClaim }),
                    refreshToken,
                });
            }
            const marketIds = marketsFor(scope);
            if (marketIds === null) {
                return tokenError(400, 'INVALID_SCOPE', 'Invalid scope', `The requested scope is invalid, unknown, or malformed: ${scope}.`, 'invalid_scope');
            }
            if (grantType === JWT_BEARER) {
                if (kind !== 'sales_channel') {
                    return UNAUTHORIZED_CLIENT();
                }
                const claims = await readAssertion(stringParam(params, 'assertion'));
                if (claims === null) {
                    return INVALID_GRANT();
                }
                return grant({
                    kind,
                    clientId: clientIdValue,
                    scope,
                    marketIds,
                    customerId: claims.customerId,
                    ...(claims.customClaim === undefined ? {} : { customClaim: claims.customClaim }),
                });
            }
            if (grantType === 'password') {
                if (kind !== 'sales_channel') {
                    return UNAUTHORIZED_CLIENT();
                }
                const username = stringParam(params, 'username');
                const password = stringParam(params, 'password');
                if (username === undefined || password === undefined) {
                    return tokenError(400, 'INVALID_REQUEST', 'Invalid request', 'The request is missing a required parameter: username and password.', 'invalid_request');
                }
                const customerId = options.api.authenticateCustomer(username, password);
                if (customerId === null) {
                    return INVALID_GRANT();
                }
                return grant({ kind, clientId: clientIdValue, scope, marketIds, customerId });
            }
            return grant({ kind, clientId: clientIdValue, scope, marketIds });
        },
        async verify(authorization) {
            const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
            if (match === null) {
                return {
                    ok: false,
                    error: accessDeniedError('You are not authorized to perform this action on the requested resource.'),
                };
            }
            const token = match[1];
            const nowSeconds = options.clock.now().getTime() / 1000;
            if (revoked.has(token)) {
                return {
                    ok: false,
                    error: invalidTokenError('The access token you provided has been revoked.'),
                };
            }
            const cached = verified.get(token);
            if (cached !== undefined) {
                if (cached.exp > nowSeconds) {
                    return { ok: true, auth: cached.auth };
                }
                verified.delete(token);
                return {
                    ok: false,
                    error: invalidTokenError('The access token you provided has expired.'),
                };
            }
            try {
                const { payload } = await jwtVerify(token, publicKey, {
                    algorithms: ['RS512'],
                    issuer,
                    currentDate: options.clock.now(),
                });
                const kind = payload.application?.kind;
                if ((kind !== 'integration' && kind !== 'sales_channel') ||
                    typeof payload.application.client_id !== 'string') {
                    return {
                        ok: false,
                        error: invalidTokenError('The access token you provided is invalid.'),
                    };
                }
                const auth = {
                    kind,
                    clientId: payload.application.client_id,
                    test: payload.test === true,
                    marketIds: payload.market?.id ?? [],
                    ...(payload.owner?.type === 'Customer' ? { ownerCustomerId: payload.owner.id } : {}),
                    ...(payload.custom_claim === undefined ? {} : { customClaim: payload.custom_claim }),
                };
                if (verified.size >= 5000) {
                    verified.clear();
                }
                verified.set(token, { auth, exp: payload.exp });
                return { ok: true, auth };
            }
            catch (error) {
                const detail = error instanceof joseErrors.JWTExpired
                    ? 'The access token you provided has expired.'
                    : 'The access token you provided is invalid.';
                return { ok: false, error: invalidTokenError(detail) };
            }
        },
        revoke(token) {
            if (refreshGrants.delete(token)) {
                return;
            }
            // An access token: remembered until it would expire (a forged one never verified anyway).
            const [, payload] = token.split('.');
            let exp;
            try {
                exp = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')).exp;
            }
            catch {
                return;
            }
            if (typeof exp !== 'number') {
                return;
            }
            const nowSeconds = options.clock.now().getTime() / 1000;
            for (const [known, knownExp] of revoked) {
                if (knownExp <= nowSeconds) {
                    revoked.delete(known);
                }
            }
            revoked.set(token, exp);
            verified.delete(token);
        },
    };
}
//# sourceMappingURL=auth.js.map