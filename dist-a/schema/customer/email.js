/**
 * Commerce Layer stores a customer's email stripped of surrounding white space and lower-cased,
 * and its `email_eq`/`email_in` filters compare the stored value exactly. Every email the gateway
 * looks up (`customerByEmail`, `where.email`, federation `_entities` by email) goes through this
 * first, so `ODON.Moulin@Example.com ` finds `odon.moulin@example.com`.
 */
export function normalizeEmail(email) {
    return email.trim().toLowerCase();
}
//# sourceMappingURL=email.js.map