import { createHmac, timingSafeEqual } from 'node:crypto';
/**
 * Commerce Layer signs the raw body: `X-CommerceLayer-Signature` is
 * base64(HMAC-SHA256(shared_secret, body)) (docs.commercelayer.io/core/real-time-webhooks).
 * Each configured secret is tried (one per webhook, and old + new while rotating); the comparison
 * is constant-time on equal-length digests.
 */
export function verifySignature(raw, header, secrets) {
    if (header === null || secrets.length === 0) {
        return false;
    }
    const given = Buffer.from(header.trim(), 'base64');
    if (given.length !== 32) {
        return false;
    }
    let valid = false;
    for (const secret of secrets) {
        const expected = createHmac('sha256', secret).update(raw).digest();
        // No early exit: every secret is compared, whichever matches.
        valid = timingSafeEqual(expected, given) || valid;
    }
    return valid;
}
export function signBody(body, secret) {
    return createHmac('sha256', secret).update(body).digest('base64');
}
//# sourceMappingURL=signature.js.map