/**
 * Who is calling: the identity read from a caller's Commerce Layer access token after its
 * signature, expiry and organisation were verified (`verify.ts`). Every decision the gateway takes
 * about a caller (what it may see, idempotency scope, per-subscriber authorization) reads this,
 * never the raw header or unverified claims. Imports neither graphql nor got.
 */

/** The kind of credential: `customer` is a sales-channel token with a Customer owner. */
export type CallerKind = 'integration' | 'sales_channel' | 'webapp' | 'customer';

export interface Caller {
  readonly kind: CallerKind;
  /** `application.id` of the API credential that issued the token. */
  readonly applicationId: string;
  /** `application.client_id`. */
  readonly clientId: string;
  /** `organization.slug`; equal to the configured organisation. */
  readonly organizationSlug: string;
  /** `owner.id` for customer (and user) tokens. */
  readonly ownerId?: string;
  /** `owner.type` (`Customer` or `User`) when the token has an owner. */
  readonly ownerType?: string;
  /** `market.id` of the token's scope (empty without a market in scope). */
  readonly marketIds: readonly string[];
  /** `test` claim: a test-mode token. */
  readonly test: boolean;
  /** `exp`, in ms since the epoch. */
  readonly expiresAt: number;
  /** The verified access token itself, forwarded upstream as `Bearer …`. Never logged or stored. */
  readonly token: string;
  /**
   * True when no caller token was sent and the gateway lent its own credential (the embedded
   * emulator, or the explicit anonymous opt-in): the upstream session then uses the gateway's
   * token manager, which refreshes it.
   */
  readonly gatewayCredential?: true;
}

/**
 * A stable, non-secret scope for per-caller state (idempotency keys, locks): the application and
 * the owner, so a refreshed token of the same caller maps to the same scope.
 */
export function callerScope(caller: Caller): string {
  return `${caller.organizationSlug}:${caller.applicationId}:${caller.ownerType ?? '-'}:${caller.ownerId ?? '-'}`;
}
