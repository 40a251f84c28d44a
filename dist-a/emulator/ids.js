import { randomBytes } from 'node:crypto';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const ID_LENGTH = 10;
/** mulberry32: a tiny seeded PRNG, so seed ids do not depend on faker's internal draws. */
export function seededRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** A cryptographically random source for ids minted at run time. */
export const cryptoRandom = () => randomBytes(4).readUInt32BE(0) / 4294967296;
/** A Commerce Layer-looking id: 10 letters, mixed case (e.g. `XAyRWNUzyN`). */
export function newId(random = cryptoRandom) {
    let id = '';
    for (let index = 0; index < ID_LENGTH; index++) {
        id += ALPHABET.charAt(Math.floor(random() * ALPHABET.length));
    }
    return id;
}
/** ISO 8601 with milliseconds and `Z`, as Commerce Layer writes `created_at`. */
export function isoTime(date) {
    return date.toISOString();
}
/** `2025-03-15 11:39:21 UTC`: the format of the datetimes inside `anonymization_info`. */
export function railsTime(date) {
    return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
/** Parses either format above (or any ISO string) back into a Date. */
export function parseTime(value) {
    if (typeof value !== 'string') {
        return undefined;
    }
    const normalised = value.endsWith(' UTC') ? `${value.slice(0, -4).replace(' ', 'T')}Z` : value;
    const date = new Date(normalised);
    return Number.isNaN(date.getTime()) ? undefined : date;
}
//# sourceMappingURL=ids.js.map