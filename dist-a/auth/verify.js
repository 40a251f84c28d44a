/**
 * Local verification of Commerce Layer access tokens before the gateway acts on them: the RS512
 * signature against Commerce Layer's JSON Web Key Set (jose's remote JWKS, cached and refetched
 * when an unknown `kid` shows up), `exp`/`nbf`, the issuer, and the organisation, which must be the
 * one the gateway is configured for. Only a verified token becomes a {@link Caller}.
 *
 * Commerce Layer's access tokens are RS512 JWTs with a `kid`, and the key set is served at
 * `{iss}/.well-known/jwks.json` (https://docs.commercelayer.io/core/authentication). Imports
 * neither graphql nor got.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, } from 'jose';
/** A token that is missing, invalid or expired: the caller should get a new one (401). */
export class TokenRejectedError extends Error {
    reason;
    name = 'TokenRejectedError';
    constructor(reason) {
        super(`access token rejected: ${reason}`);
        this.reason = reason;
    }
}
/** The key set could not be fetched: not the caller's fault (503, retry). */
export class KeySetUnavailableError extends Error {
    name = 'KeySetUnavailableError';
}
export const COMMERCE_LAYER_ISSUER = 'https://auth.commercelayer.io';
export const COMMERCE_LAYER_JWKS_URL = `${COMMERCE_LAYER_ISSUER}/.well-known/jwks.json`;
/** Creates a verifier. Makes no request until the first `verify()`. */
export function createTokenVerifier(options) {
    const now = options.now ?? Date.now;
    const remote = options.keySet ??
        createRemoteJWKSet(new URL(options.jwksUrl), {
            timeoutDuration: options.jwksTimeoutMs ?? 5_000,
            cooldownDuration: 30_000,
            cacheMaxAge: 10 * 60_000,
        });
    // Failures to get the key set (network, timeout, a bad answer) are ours, not the caller's.
    const keySet = async (header, input) => {
        try {
            return await remote(header, input);
        }
        catch (error) {
            if (error instanceof joseErrors.JWKSNoMatchingKey ||
                error instanceof joseErrors.JWKSMultipleMatchingKeys) {
                throw error;
            }
            throw new KeySetUnavailableError('the key set to verify access tokens is unavailable', {
                cause: error,
            });
        }
    };
    const issuer = options.issuer ?? COMMERCE_LAYER_ISSUER;
    const tolerance = options.clockToleranceSeconds ?? 30;
    const cacheSize = options.cacheSize ?? 10_000;
    // Exact token → its verified caller, until the token expires. Bounded; oldest dropped first.
    const verified = new Map();
    return {
        async verify(token) {
            const known = verified.get(token);
            if (known !== undefined) {
                if (now() < known.expiresAt + tolerance * 1000) {
                    return known;
                }
                verified.delete(token);
            }
            let payload;
            try {
                ({ payload } = await jwtVerify(token, keySet, {
                    algorithms: ['RS512', 'RS256'],
                    issuer,
                    clockTolerance: tolerance,
                    currentDate: new Date(now()),
                }));
            }
            catch (error) {
                throw translate(error);
            }
            const caller = callerOf(payload, token, options.organization);
            if (verified.size >= cacheSize) {
                const oldest = verified.keys().next().value;
                if (oldest !== undefined) {
                    verified.delete(oldest);
                }
            }
            verified.set(token, caller);
            return caller;
        },
    };
}
function translate(error) {
    if (error instanceof joseErrors.JWTExpired) {
        return new TokenRejectedError('expired');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
        return new TokenRejectedError(error.claim === 'iss' ? 'issuer' : 'claims');
    }
    if (error instanceof KeySetUnavailableError) {
        return error;
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed ||
        error instanceof joseErrors.JWKSNoMatchingKey ||
        error instanceof joseErrors.JWKSMultipleMatchingKeys) {
        return new TokenRejectedError('signature');
    }
    return new TokenRejectedError('malformed');
}
function record(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : undefined;
}
function text(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
const APPLICATION_KINDS = new Set(['integration', 'sales_channel', 'webapp']);
function callerOf(payload, token, organization) {
    const org = record(payload.organization);
    const slug = text(org?.slug);
    if (slug === undefined) {
        throw new TokenRejectedError('claims');
    }
    if (slug.toLowerCase() !== organization.toLowerCase()) {
        throw new TokenRejectedError('organization');
    }
    const application = record(payload.application);
    const applicationId = text(application?.id);
    const applicationKind = text(application?.kind);
    if (applicationId === undefined ||
        applicationKind === undefined ||
        !APPLICATION_KINDS.has(applicationKind) ||
        typeof payload.exp !== 'number') {
        throw new TokenRejectedError('claims');
    }
    const owner = record(payload.owner);
    const ownerId = text(owner?.id);
    const ownerType = text(owner?.type);
    const kind = ownerType === 'Customer' && ownerId !== undefined && applicationKind === 'sales_channel'
        ? 'customer'
        : applicationKind;
    const market = record(payload.market);
    const marketIds = Array.isArray(market?.id)
        ? market.id.filter((id) => typeof id === 'string')
        : [];
    return {
        kind,
        applicationId,
        clientId: text(application?.client_id) ?? '',
        organizationSlug: slug,
        ...(ownerId === undefined ? {} : { ownerId }),
        ...(ownerType === undefined ? {} : { ownerType }),
        marketIds,
        test: payload.test === true,
        expiresAt: payload.exp * 1000,
        token,
    };
}
/**
 * The organisation slug of a Commerce Layer API base URL (`https://acme.commercelayer.io/api` →
 * `acme`), or undefined for any other host (an emulator, a proxy): then it must be configured.
 */
export function organizationOfBaseUrl(baseUrl) {
    const host = new URL(baseUrl).hostname.toLowerCase();
    const match = /^([a-z0-9][a-z0-9-]*)\.commercelayer\.(io|co)$/.exec(host);
    return match?.[1];
}
//# sourceMappingURL=verify.js.map