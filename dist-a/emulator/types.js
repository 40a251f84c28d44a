/**
 * The seams inside the emulator.
 *
 * The HTTP layer (`http-server.ts`, `auth.ts`, `rate-limit.ts`, `faults.ts`, `request-log.ts`,
 * `admin.ts`) owns the wire: it parses the request, checks `Accept`/`Content-Type`, answers
 * `/oauth/token`, verifies the bearer token, applies faults and rate limits, records the request,
 * and hands a parsed {@link ApiRequest} to the JSON:API layer (`api.ts` and what it imports), which
 * owns Commerce Layer's resource semantics and never sees raw HTTP.
 */
export {};
//# sourceMappingURL=types.js.map