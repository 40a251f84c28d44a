import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import {
  apiFetch,
  customerToken,
  decodeJwt,
  integrationToken,
  JSON_API,
  requestToken,
} from './support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function errorsOf(response: Response) {
  const body = (await response.json()) as { errors: Array<Record<string, unknown>> };
  return body.errors;
}

describe('emulator over HTTP', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await createEmulator({ customers: 5, rateLimit: false });
    token = await integrationToken(emulator);
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe('POST /oauth/token', () => {
    it('mints an integration token: RS512 JWT in Commerce Layer shape, 2 h', async () => {
      const { integration } = emulator.credentials;
      const { status, body } = await requestToken(emulator, {
        grant_type: 'client_credentials',
        client_id: integration.clientId,
        client_secret: integration.clientSecret,
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'market:all' });
      expect(typeof body.created_at).toBe('number');
      expect(body).not.toHaveProperty('refresh_token');
      const jwks = await (await fetch(emulator.jwksUrl)).json();
      const { payload, protectedHeader } = await jwtVerify(
        body.access_token as string,
        createLocalJWKSet(jwks),
        { issuer: 'https://auth.commercelayer.io', algorithms: ['RS512'] },
      );
      expect(protectedHeader).toMatchObject({ alg: 'RS512', typ: 'JWT' });
      expect(typeof protectedHeader.kid).toBe('string');
      expect(payload).toMatchObject({
        organization: {
          id: emulator.organization.id,
          slug: emulator.organization.slug,
          enterprise: false,
        },
        application: {
          client_id: integration.clientId,
          kind: 'integration',
          public: false,
          confidential: true,
        },
        scope: 'market:all',
        test: true,
        iss: 'https://auth.commercelayer.io',
      });
      expect(typeof (payload.organization as { region: unknown }).region).toBe('string');
      expect(typeof payload.rand).toBe('number');
      expect((payload.exp as number) - (payload.iat as number)).toBe(7200);
      expect(payload).not.toHaveProperty('owner');
      expect(payload).not.toHaveProperty('market');
    });

    it('mints a sales channel token scoped to a market (form-encoded body), 4 h', async () => {
      const { salesChannel, marketScope } = emulator.credentials;
      const response = await fetch(emulator.authUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: salesChannel.clientId,
          scope: marketScope,
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ expires_in: 14_400, scope: marketScope });
      const { payload } = decodeJwt(body.access_token as string);
      expect(payload.application).toMatchObject({
        kind: 'sales_channel',
        client_id: salesChannel.clientId,
        public: true,
        confidential: false,
      });
      const marketIds = emulator.api.resolveScope(marketScope);
      expect(marketIds?.length).toBeGreaterThan(0);
      expect(payload.market).toMatchObject({ id: marketIds, stock_location_ids: [] });
    });

    it('mints a customer token with the password grant and refreshes it', async () => {
      const body = await customerToken(emulator);
      expect(body).toMatchObject({
        owner_type: 'customer',
        owner_id: emulator.credentials.customer.id,
      });
      expect(typeof body.refresh_token).toBe('string');
      expect(decodeJwt(body.access_token as string).payload.owner).toEqual({
        id: emulator.credentials.customer.id,
        type: 'Customer',
      });
      const refreshed = await requestToken(emulator, {
        grant_type: 'refresh_token',
        client_id: emulator.credentials.salesChannel.clientId,
        refresh_token: body.refresh_token as string,
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ owner_id: emulator.credentials.customer.id });
      expect(refreshed.body.access_token).not.toBe(body.access_token);
      const own = await apiFetch(
        emulator,
        refreshed.body.access_token as string,
        `customers/${emulator.credentials.customer.id}`,
      );
      expect(own.status).toBe(200);
    });

    it('mints a customer token with the JWT bearer grant, carrying its custom_claim', async () => {
      // An assertion as js-auth's createAssertion makes it: HS512 with the secret "cl".
      const assertion = async (secret: string) =>
        new SignJWT({
          'https://commercelayer.io/claims': {
            owner: { type: 'Customer', id: emulator.credentials.customer.id },
            custom_claim: { tier: 'gold' },
          },
        })
          .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
          .sign(new TextEncoder().encode(secret));
      const grant = (value: string) =>
        requestToken(emulator, {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          client_id: emulator.credentials.salesChannel.clientId,
          assertion: value,
        });
      const { status, body } = await grant(await assertion('cl'));
      expect(status).toBe(200);
      expect(body).toMatchObject({
        owner_id: emulator.credentials.customer.id,
        owner_type: 'customer',
      });
      expect(decodeJwt(body.access_token as string).payload.custom_claim).toEqual({ tier: 'gold' });
      const own = await apiFetch(
        emulator,
        body.access_token as string,
        `customers/${emulator.credentials.customer.id}`,
      );
      expect(own.status).toBe(200);
      const customer = (await own.json()) as { data: { attributes: Record<string, unknown> } };
      expect(customer.data.attributes.jwt_custom_claim).toEqual({ tier: 'gold' });

      const forged = await grant(await assertion('not-cl'));
      expect(forged.status).toBe(400);
      expect(forged.body.errors).toMatchObject([{ code: 'INVALID_GRANT' }]);
    });

    it('answers token errors in js-auth shape: numeric status, code, detail, meta, title', async () => {
      const unknownClient = await requestToken(emulator, {
        grant_type: 'client_credentials',
        client_id: 'nobody',
        client_secret: 'nothing',
      });
      expect(unknownClient.status).toBe(401);
      const [error] = unknownClient.body.errors as Array<Record<string, unknown>>;
      expect(error).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
        meta: { error: 'invalid_client' },
      });
      expect(Object.keys(error ?? {}).sort()).toEqual([
        'code',
        'detail',
        'meta',
        'status',
        'title',
      ]);

      const wrongSecret = await requestToken(emulator, {
        grant_type: 'client_credentials',
        client_id: emulator.credentials.integration.clientId,
        client_secret: 'wrong',
      });
      expect(wrongSecret.status).toBe(401);

      const wrongPassword = await requestToken(emulator, {
        grant_type: 'password',
        client_id: emulator.credentials.salesChannel.clientId,
        username: emulator.credentials.customer.email,
        password: 'not-the-password',
      });
      expect(wrongPassword.status).toBe(400);
      expect(wrongPassword.body.errors).toMatchObject([{ status: 400, code: 'INVALID_GRANT' }]);

      const badGrant = await requestToken(emulator, { grant_type: 'magic', client_id: 'x' });
      expect(badGrant.body.errors).toMatchObject([{ status: 400, code: 'UNSUPPORTED_GRANT_TYPE' }]);

      const badScope = await requestToken(emulator, {
        grant_type: 'client_credentials',
        client_id: emulator.credentials.salesChannel.clientId,
        scope: 'market:code:atlantis',
      });
      expect(badScope.body.errors).toMatchObject([{ status: 400, code: 'INVALID_SCOPE' }]);
    });
  });

  describe('/api/* requests', () => {
    it('answers a list with the JSON:API content type, rate-limit headers and a request id', async () => {
      const response = await apiFetch(emulator, token, 'customers');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(JSON_API);
      expect(response.headers.get('x-request-id')).toMatch(UUID);
      expect(response.headers.get('x-ratelimit-limit')).toBe('100');
      expect(response.headers.get('x-ratelimit-interval')).toBe('60');
      expect(response.headers.get('x-ratelimit-remaining')).toBe('100');
      const body = (await response.json()) as { data: Array<{ type: string; links: unknown }> };
      expect(body.data.length).toBeGreaterThan(0);
      expect(body.data[0]?.type).toBe('customers');
      expect(JSON.stringify(body)).toContain(`${emulator.apiUrl}/customers/`);
    });

    it('accepts a GET that carries the JSON:API Content-Type (as the SDK sends it)', async () => {
      const response = await apiFetch(emulator, token, 'customer_groups', {
        headers: { 'Content-Type': JSON_API },
      });
      expect(response.status).toBe(200);
    });

    it('answers 401 UNAUTHORIZED "Access denied" without a bearer token', async () => {
      const response = await fetch(`${emulator.apiUrl}/customers`, {
        headers: { Accept: JSON_API },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('x-request-id')).toMatch(UUID);
      expect(await errorsOf(response)).toMatchObject([
        { code: 'UNAUTHORIZED', title: 'Access denied', status: '401' },
      ]);
    });

    it('answers 401 INVALID_TOKEN for a malformed token and for a foreign signature', async () => {
      const garbage = await apiFetch(emulator, 'not-a-jwt', 'customers');
      expect(garbage.status).toBe(401);
      expect(await errorsOf(garbage)).toMatchObject([{ code: 'INVALID_TOKEN', status: '401' }]);

      const other = await createEmulator({ customers: 1, rateLimit: false });
      try {
        const foreign = await integrationToken(other);
        const response = await apiFetch(emulator, foreign, 'customers');
        expect(response.status).toBe(401);
        expect(await errorsOf(response)).toMatchObject([{ code: 'INVALID_TOKEN' }]);
      } finally {
        await other.close();
      }
    });

    it('answers 401 INVALID_TOKEN once the token expired (short TTL + clock)', async () => {
      const shortLived = await createEmulator({
        customers: 1,
        tokenTtlSeconds: 60,
        rateLimit: false,
      });
      try {
        const fresh = await integrationToken(shortLived);
        expect((await apiFetch(shortLived, fresh, 'customers')).status).toBe(200);
        shortLived.clock.advance(61_000);
        const expired = await apiFetch(shortLived, fresh, 'customers');
        expect(expired.status).toBe(401);
        expect(await errorsOf(expired)).toMatchObject([
          { code: 'INVALID_TOKEN', detail: expect.stringContaining('expired') },
        ]);
      } finally {
        await shortLived.close();
      }
    });

    it('answers 406 without the JSON:API Accept header', async () => {
      const response = await apiFetch(emulator, token, 'customers', {
        headers: { Accept: 'application/json' },
      });
      expect(response.status).toBe(406);
      expect(response.headers.get('content-type')).toBe(JSON_API);
      expect(await errorsOf(response)).toMatchObject([{ code: 'NOT_ACCEPTABLE', status: '406' }]);
    });

    it('answers 415 for a body sent as application/json', async () => {
      const response = await apiFetch(emulator, token, 'customers', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: { type: 'customers', attributes: { email: 'a@b.co' } } }),
      });
      expect(response.status).toBe(415);
      expect(await errorsOf(response)).toMatchObject([
        { code: 'UNSUPPORTED_MEDIA_TYPE', status: '415' },
      ]);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await apiFetch(emulator, token, 'customers', {
        method: 'POST',
        body: '{oops',
      });
      expect(response.status).toBe(400);
      expect(await errorsOf(response)).toMatchObject([{ code: 'BAD_REQUEST', status: '400' }]);
    });

    it('answers 405 for a method Commerce Layer does not serve', async () => {
      const response = await apiFetch(emulator, token, 'customers', { method: 'PUT', body: '{}' });
      expect(response.status).toBe(405);
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After once the burst limit of one endpoint is spent', async () => {
      const limited = await createEmulator({
        customers: 1,
        rateLimit: { limits: { uncacheable: { test: { burst: 3 } } } },
      });
      try {
        const bearer = await integrationToken(limited);
        const remaining: Array<string | null> = [];
        for (let i = 0; i < 3; i++) {
          const response = await apiFetch(limited, bearer, 'customers');
          expect(response.status).toBe(200);
          remaining.push(response.headers.get('x-ratelimit-remaining'));
        }
        expect(remaining).toEqual(['99', '98', '97']);
        const refused = await apiFetch(limited, bearer, 'customers');
        expect(refused.status).toBe(429);
        expect(refused.headers.get('x-ratelimit-limit')).toBe('100');
        expect(refused.headers.get('x-ratelimit-interval')).toBe('60');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(10);
        expect(await errorsOf(refused)).toMatchObject([
          { code: 'TOO_MANY_REQUESTS', status: '429' },
        ]);
        // Other endpoints have their own burst budget.
        expect((await apiFetch(limited, bearer, 'customer_groups')).status).toBe(200);

        // Switched off through the admin endpoint.
        const off = await fetch(`${limited.adminUrl}/rate-limit`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ enabled: false }),
        });
        expect(await off.json()).toMatchObject({ enabled: false });
        expect((await apiFetch(limited, bearer, 'customers')).status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it('limits /oauth/token per IP (30 per minute by default)', async () => {
      const limited = await createEmulator({ customers: 1 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 31; i++) {
          statuses.push((await requestToken(limited, { grant_type: 'client_credentials' })).status);
        }
        expect(statuses.slice(0, 30).every((status) => status !== 429)).toBe(true);
        expect(statuses[30]).toBe(429);
      } finally {
        await limited.close();
      }
    });
  });

  describe('faults', () => {
    it('adds latency to matching requests', async () => {
      emulator.faults.set([{ kind: 'latency', latencyMs: 150, method: 'GET' }]);
      try {
        const started = performance.now();
        expect((await apiFetch(emulator, token, 'customers')).status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      } finally {
        emulator.faults.clear();
      }
    });

    it('answers 5xx for the next N requests, scoped by method and path prefix', async () => {
      emulator.faults.set([{ kind: 'error', status: 503, count: 2, pathPrefix: '/api/customers' }]);
      const first = await apiFetch(emulator, token, 'customers');
      expect(first.status).toBe(503);
      expect(await errorsOf(first)).toMatchObject([{ status: '503' }]);
      expect((await apiFetch(emulator, token, 'customer_groups')).status).toBe(200);
      expect((await apiFetch(emulator, token, 'customers')).status).toBe(503);
      expect((await apiFetch(emulator, token, 'customers')).status).toBe(200);
      expect(emulator.faults.list()).toEqual([]);
    });

    it('answers 429 with Retry-After', async () => {
      emulator.faults.set([{ kind: 'rate_limit', retryAfterSeconds: 7, count: 1 }]);
      const response = await apiFetch(emulator, token, 'customers');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await errorsOf(response)).toMatchObject([{ code: 'TOO_MANY_REQUESTS' }]);
    });

    it('fails a rate of requests, deterministically for a given seed', async () => {
      const run = async () => {
        const seeded = await createEmulator({
          customers: 1,
          rateLimit: false,
          faultSeed: 7,
          faults: [{ kind: 'error', status: 500, rate: 0.5 }],
        });
        try {
          const bearer = await integrationToken(seeded);
          const statuses: number[] = [];
          for (let i = 0; i < 12; i++) {
            statuses.push((await apiFetch(seeded, bearer, 'customers')).status);
          }
          return statuses;
        } finally {
          await seeded.close();
        }
      };
      const first = await run();
      expect(first).toContain(500);
      expect(first).toContain(200);
      expect(await run()).toEqual(first);
    });

    it('holds a request for holdMs, then serves it', async () => {
      emulator.faults.set([{ kind: 'timeout', holdMs: 300, count: 1 }]);
      await expect(
        apiFetch(emulator, token, 'customers', { signal: AbortSignal.timeout(100) }),
      ).rejects.toThrow();
      const started = performance.now();
      emulator.faults.set([{ kind: 'timeout', holdMs: 200, count: 1 }]);
      expect((await apiFetch(emulator, token, 'customers')).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('holds a request forever (until the client gives up or the emulator closes)', async () => {
      emulator.faults.set([{ kind: 'timeout', count: 1 }]);
      await expect(
        apiFetch(emulator, token, 'customers', { signal: AbortSignal.timeout(200) }),
      ).rejects.toThrow();
      expect((await apiFetch(emulator, token, 'customers')).status).toBe(200);
    });

    it('answers a malformed body with 200 and the JSON:API content type', async () => {
      emulator.faults.set([{ kind: 'malformed', count: 1 }]);
      const response = await apiFetch(emulator, token, 'customers');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(JSON_API);
      await expect(response.json()).rejects.toThrow(SyntaxError);
    });

    it('drops the connection', async () => {
      emulator.faults.set([{ kind: 'drop', count: 1, method: 'GET' }]);
      await expect(apiFetch(emulator, token, 'customers')).rejects.toThrow(/fetch failed/);
      expect((await apiFetch(emulator, token, 'customers')).status).toBe(200);
    });

    it('is managed through /_emulator/faults (GET, PUT, DELETE)', async () => {
      const put = await fetch(`${emulator.adminUrl}/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: [{ kind: 'error', status: 502, method: 'GET' }] }),
      });
      expect(put.status).toBe(200);
      const listed = (await (await fetch(`${emulator.adminUrl}/faults`)).json()) as {
        data: Array<{ id: string; kind: string }>;
      };
      expect(listed.data).toMatchObject([{ kind: 'error', status: 502, method: 'GET' }]);
      expect((await apiFetch(emulator, token, 'customers')).status).toBe(502);
      const invalid = await fetch(`${emulator.adminUrl}/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'error', status: 418 }),
      });
      expect(invalid.status).toBe(400);
      expect((await fetch(`${emulator.adminUrl}/faults`, { method: 'DELETE' })).status).toBe(204);
      expect((await apiFetch(emulator, token, 'customers')).status).toBe(200);
    });
  });

  describe('request log', () => {
    it('records every served request, faulted and token ones included, but not admin calls', async () => {
      emulator.requestLog.clear();
      const since = emulator.requestLog.lastSeq;
      const customer = await customerToken(emulator);
      await apiFetch(
        emulator,
        token,
        'customers?filter%5Bq%5D%5Bemail_eq%5D=a%2Bb%40x.io&page[size]=2',
      );
      await apiFetch(
        emulator,
        customer.access_token as string,
        `customers/${emulator.credentials.customer.id}`,
      );
      await fetch(`${emulator.apiUrl}/customers`, { headers: { Accept: JSON_API } });
      emulator.faults.set([{ kind: 'error', count: 1 }]);
      await apiFetch(emulator, token, 'customer_groups');
      await fetch(`${emulator.adminUrl}/health`);

      const entries = emulator.requestLog.entries({ since });
      expect(
        entries.map((entry) => [entry.method, entry.path, entry.tokenKind, entry.status]),
      ).toEqual([
        ['POST', '/oauth/token', 'none', 200],
        ['GET', '/api/customers', 'integration', 200],
        ['GET', `/api/customers/${emulator.credentials.customer.id}`, 'customer', 200],
        ['GET', '/api/customers', 'none', 401],
        ['GET', '/api/customer_groups', 'integration', 500],
      ]);
      expect(entries[0]?.grantType).toBe('password');
      expect(entries[1]?.query).toEqual({ 'filter[q][email_eq]': 'a+b@x.io', 'page[size]': '2' });
      expect(entries[4]?.fault).toBe('error');
      expect(entries.every((entry, i) => i === 0 || entry.seq > (entries[i - 1]?.seq ?? 0))).toBe(
        true,
      );
      expect(entries.every((entry) => entry.durationMs >= 0 && UUID.test(entry.requestId))).toBe(
        true,
      );

      const over = (await (
        await fetch(`${emulator.adminUrl}/requests?since=${entries[2]?.seq}`)
      ).json()) as { data: Array<{ path: string }>; last_seq: number };
      expect(over.data.map((entry) => entry.path)).toEqual([
        '/api/customers',
        '/api/customer_groups',
      ]);
      expect(over.last_seq).toBe(entries[4]?.seq);

      expect((await fetch(`${emulator.adminUrl}/requests`, { method: 'DELETE' })).status).toBe(204);
      expect(emulator.requestLog.count()).toBe(0);
    });

    it('has recorded a request by the time its response arrives', async () => {
      for (let i = 0; i < 20; i++) {
        const since = emulator.requestLog.lastSeq;
        await apiFetch(emulator, token, `customers?page[number]=${i + 1}`);
        expect(emulator.requestLog.count({ since, pathPrefix: '/api/customers' })).toBe(1);
      }
    });

    it('records a dropped connection with a null status', async () => {
      const since = emulator.requestLog.lastSeq;
      emulator.faults.set([{ kind: 'drop', count: 1 }]);
      await expect(apiFetch(emulator, token, 'customers')).rejects.toThrow();
      // The server sees the socket close a moment after the client does.
      await vi.waitFor(() =>
        expect(emulator.requestLog.entries({ since })).toMatchObject([
          { path: '/api/customers', status: null, fault: 'drop' },
        ]),
      );
    });
  });

  describe('admin endpoint', () => {
    it('reports health with store counts', async () => {
      const response = await fetch(`${emulator.adminUrl}/health`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(UUID);
      const body = (await response.json()) as { status: string; counts: Record<string, number> };
      expect(body.status).toBe('ok');
      expect(body.counts.customers).toBeGreaterThanOrEqual(5);
    });

    it('moves the clock forward, which expires tokens', async () => {
      const clocked = await createEmulator({ customers: 1, rateLimit: false });
      try {
        const bearer = await integrationToken(clocked);
        const before = clocked.clock.now().getTime();
        const moved = await fetch(`${clocked.adminUrl}/clock`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ advanceMs: 7_200_000 }),
        });
        expect(moved.status).toBe(200);
        expect(((await moved.json()) as { offset_ms: number }).offset_ms).toBe(7_200_000);
        expect(clocked.clock.now().getTime() - before).toBeGreaterThanOrEqual(7_200_000);
        expect((await apiFetch(clocked, bearer, 'customers')).status).toBe(401);
      } finally {
        await clocked.close();
      }
    });

    it('shows and changes rate-limit settings', async () => {
      const shown = (await (await fetch(`${emulator.adminUrl}/rate-limit`)).json()) as {
        enabled: boolean;
        limits: { uncacheable: { test: { average: number } } };
      };
      expect(shown.enabled).toBe(false);
      expect(shown.limits.uncacheable.test.average).toBe(100);
      const changed = await fetch(`${emulator.adminUrl}/rate-limit`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ limits: { uncacheable: { test: { average: 500 } } } }),
      });
      expect(await changed.json()).toMatchObject({
        limits: { uncacheable: { test: { average: 500 } } },
      });
      emulator.rateLimiter.configure({}, true);
    });

    it('answers 404 for unknown admin routes', async () => {
      expect((await fetch(`${emulator.adminUrl}/nope`)).status).toBe(404);
    });
  });
});
