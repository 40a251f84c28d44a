import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
/** scrypt cost parameters, stored with each hash so they can change without breaking old ones. */
const COST = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). Pass a salt only for seeded data. */
export function hashPassword(password, salt = randomBytes(16), cost = COST) {
    const hash = scryptSync(password, salt, KEY_LENGTH, cost);
    return [
        'scrypt',
        cost.N,
        cost.r,
        cost.p,
        salt.toString('base64url'),
        hash.toString('base64url'),
    ].join('$');
}
export function verifyPassword(password, stored) {
    if (typeof stored !== 'string') {
        return false;
    }
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) {
        return false;
    }
    const expected = Buffer.from(hash, 'base64url');
    const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, {
        N: Number(n),
        r: Number(r),
        p: Number(p),
    });
    return timingSafeEqual(expected, actual);
}
/** Reset tokens are stored as SHA-256 digests: the clear token is only ever in the create answer. */
export function digestToken(token) {
    return createHash('sha256').update(token).digest('hex');
}
export function newToken() {
    return randomBytes(20).toString('hex');
}
//# sourceMappingURL=passwords.js.map