/**
 * Who is calling: the identity read from a caller's Commerce Layer access token after its
 * signature, expiry and organisation were verified (`verify.ts`). Every decision the gateway takes
 * about a caller (what it may see, idempotency scope, per-subscriber authorization) reads this,
 * never the raw header or unverified claims. Imports neither graphql nor got.
 */
/**
 * A stable, non-secret scope for per-caller state (idempotency keys, locks): the application and
 * the owner, so a refreshed token of the same caller maps to the same scope.
 */
export function callerScope(caller) {
    return `${caller.organizationSlug}:${caller.applicationId}:${caller.ownerType ?? '-'}:${caller.ownerId ?? '-'}`;
}
//# sourceMappingURL=caller.js.map