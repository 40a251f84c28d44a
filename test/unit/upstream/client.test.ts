import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createUpstream,
  type UpstreamAttempt,
  type UpstreamAttemptOutcome,
  type UpstreamClient,
  type UpstreamConfig,
} from '../../../src/upstream/client.ts';
import { isUpstreamError, type UpstreamError } from '../../../src/upstream/errors.ts';
import {
  fixture,
  type JsonApiTestServer,
  makeJwt,
  startJsonApiTestServer,
} from '../../helpers/json-api-test-server.ts';

const CLIENT_SECRET = 'gateway-secret-s3cr3t';

let server: JsonApiTestServer;
const upstreams: UpstreamClient[] = [];

beforeAll(async () => {
  server = await startJsonApiTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});
afterEach(() => {
  for (const upstream of upstreams.splice(0)) {
    upstream.close();
  }
});

function makeUpstream(overrides: Partial<UpstreamConfig> = {}): UpstreamClient {
  const upstream = createUpstream({
    baseUrl: server.apiUrl,
    authUrl: server.authUrl,
    clientId: 'gateway-client',
    clientSecret: CLIENT_SECRET,
    scope: 'market:code:europe',
    // Generous: a slow answer on a busy machine must not turn into a retry and change counts.
    timeoutMs: 1_000,
    deadlineMs: 3_000,
    retryLimit: 2,
    maxRetryAfterMs: 1_000,
    retryBackoffMs: 5,
    ...overrides,
  });
  upstreams.push(upstream);
  return upstream;
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (isUpstreamError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

const customersList = () => ({ body: fixture('customers-list') });

describe('session reads', () => {
  it('lists with JSON:API headers, encoded query and the gateway token, and denormalizes', async () => {
    server.on('GET /api/customers', customersList());
    const session = makeUpstream().session();

    const page = await session.list('customers', {
      include: ['customer_group'],
      filter: { email_cont: 'john' },
      page: { number: 1, size: 10 },
    });

    expect(page.recordCount).toBe(2);
    expect(page.pageCount).toBe(1);
    expect(page.data.map((customer) => customer.id)).toEqual(['XAyRWNUzyN', 'QmPwLhzqAX']);
    expect(page.data[0]?.relationships.customer_group).toMatchObject({ id: 'BXVypIJwVp' });
    const [request] = server.apiRequests();
    expect(request?.url).toBe(
      '/api/customers?include=customer_group&filter%5Bq%5D%5Bemail_cont%5D=john&page%5Bnumber%5D=1&page%5Bsize%5D=10',
    );
    expect(request?.headers.accept).toBe('application/vnd.api+json');
    expect(request?.headers['content-type']).toBe('application/vnd.api+json');
    expect(request?.headers['user-agent']).toBe('customers-gateway');
    expect(request?.headers.authorization).toBe(`Bearer ${server.issuedTokens[0]}`);
  });

  it('retrieves one resource, and returns null when the upstream answers 404 (no retry)', async () => {
    server.on('GET /api/customers/XAyRWNUzyN', { body: fixture('customer') });
    const session = makeUpstream().session();

    const customer = await session.retrieve('customers/XAyRWNUzyN');
    const missing = await session.retrieve('/customers/nope');

    expect(customer?.attributes.email).toBe('john@example.com');
    expect(customer?.relationships).toEqual({});
    expect(missing).toBeNull();
    expect(server.apiRequests().map((request) => request.path)).toEqual([
      '/api/customers/XAyRWNUzyN',
      '/api/customers/nope',
    ]);
    expect(session.requestCount).toBe(2);
  });

  it('returns null for a to-one related endpoint answering data: null', async () => {
    server.on('GET /api/customers/c1/customer_group', { body: { data: null } });
    const related = await makeUpstream().session().retrieve('customers/c1/customer_group');
    expect(related).toBeNull();
  });

  it('rejects paths with dot segments, queries or fragments before any request', async () => {
    const session = makeUpstream().session();
    await expect(session.retrieve('customers/../markets')).rejects.toThrow(TypeError);
    await expect(session.retrieve('customers/%2E%2E')).rejects.toThrow(TypeError);
    await expect(session.list('customers?x=1')).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('session writes', () => {
  it('creates with a JSON:API document and no retry', async () => {
    server.on('POST /api/customers', { status: 201, body: fixture('customer') });
    const session = makeUpstream().session();

    const created = await session.create(
      'customers',
      { attributes: { email: 'john@example.com' } },
      { include: ['customer_group'] },
    );

    expect(created.id).toBe('XAyRWNUzyN');
    const [request] = server.apiRequests();
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/customers?include=customer_group');
    expect(request?.headers['content-type']).toBe('application/vnd.api+json');
    expect(request?.body).toEqual({
      data: { type: 'customers', attributes: { email: 'john@example.com' } },
    });
  });

  it('updates with PATCH on an encoded id and deletes with DELETE', async () => {
    server.on('PATCH /api/customers/a%2Fb', { body: fixture('customer') });
    server.on('DELETE /api/customers/a%2Fb', { status: 204 });
    const session = makeUpstream().session();

    const updated = await session.update('customers', 'a/b', {
      relationships: { customer_group: null },
    });
    await session.delete('customers', 'a/b');

    expect(updated.type).toBe('customers');
    expect(server.apiRequests().map((r) => `${r.method} ${r.url}`)).toEqual([
      'PATCH /api/customers/a%2Fb',
      'DELETE /api/customers/a%2Fb',
    ]);
    expect(server.apiRequests()[0]?.body).toEqual({
      data: { type: 'customers', id: 'a/b', relationships: { customer_group: { data: null } } },
    });
  });
});

describe('gateway token', () => {
  it('posts client credentials as JSON and caches the token across sessions', async () => {
    server.on('GET /api/customers', customersList());
    const upstream = makeUpstream();

    await upstream.session().list('customers');
    await upstream.session().list('customers');
    await upstream.session().list('customers');

    const tokenRequests = server.tokenRequests();
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]?.headers['content-type']).toBe('application/json');
    expect(tokenRequests[0]?.body).toEqual({
      grant_type: 'client_credentials',
      client_id: 'gateway-client',
      client_secret: CLIENT_SECRET,
      scope: 'market:code:europe',
    });
    expect(upstream.tokenRequestCount).toBe(1);
    expect(new Set(server.apiRequests().map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('shares one token request among 20 concurrent calls', async () => {
    const token = makeJwt({ application: { kind: 'integration' }, rand: 42 });
    server.on('POST /oauth/token', {
      delayMs: 50,
      headers: { 'content-type': 'application/json' },
      body: { access_token: token, token_type: 'bearer', expires_in: 7200 },
    });
    server.on('GET /api/customers', customersList());
    const upstream = makeUpstream();

    const pages = await Promise.all(
      Array.from({ length: 20 }, () => upstream.session().list('customers')),
    );

    expect(pages).toHaveLength(20);
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests()).toHaveLength(20);
    expect(server.apiRequests().every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(
      true,
    );
  });

  it('refreshes once after a 401 INVALID_TOKEN and replays the request with the new token', async () => {
    server.on(
      'GET /api/customers',
      { status: 401, body: fixture('invalid-token-401') },
      customersList(),
    );
    const upstream = makeUpstream();
    const session = upstream.session();

    const page = await session.list('customers');

    expect(page.data).toHaveLength(2);
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${server.issuedTokens[0]}`,
      `Bearer ${server.issuedTokens[1]}`,
    ]);
    expect(session.requestCount).toBe(2);
  });

  it('refreshes once for many concurrent calls rejected with the same stale token', async () => {
    const upstream = makeUpstream();
    await upstream.ping(); // holds the first token before the burst
    const [stale] = server.issuedTokens;
    server.on('GET /api/customers', (request) =>
      request.headers.authorization === `Bearer ${stale}`
        ? { status: 401, body: fixture('invalid-token-401') }
        : customersList(),
    );

    const pages = await Promise.all(
      Array.from({ length: 5 }, () => upstream.session().list('customers')),
    );

    expect(pages.every((page) => page.data.length === 2)).toBe(true);
    expect(server.tokenRequests()).toHaveLength(2);
    const authorizations = server.apiRequests().map((r) => r.headers.authorization);
    expect(authorizations.filter((a) => a === `Bearer ${stale}`)).toHaveLength(5);
    expect(authorizations.filter((a) => a === `Bearer ${server.issuedTokens[1]}`)).toHaveLength(5);
  });

  it('refreshes only once when the new token is rejected too', async () => {
    server.on('GET /api/customers', { status: 401, body: fixture('invalid-token-401') });
    const error = await failure(makeUpstream().session().list('customers'));

    expect(error.status).toBe(401);
    expect(error.errors[0]?.code).toBe('INVALID_TOKEN');
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('does not refresh on a 401 UNAUTHORIZED (permission denied)', async () => {
    server.on('GET /api/customers', { status: 401, body: fixture('unauthorized-401') });
    const error = await failure(makeUpstream().session().list('customers'));

    expect(error.errors[0]?.code).toBe('UNAUTHORIZED');
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('replays a POST once after 401 INVALID_TOKEN (nothing was applied)', async () => {
    server.on(
      'POST /api/customers',
      { status: 401, body: fixture('invalid-token-401') },
      { status: 201, body: fixture('customer') },
    );
    const created = await makeUpstream()
      .session()
      .create('customers', { attributes: { email: 'john@example.com' } });

    expect(created.id).toBe('XAyRWNUzyN');
    const posts = server.apiRequests();
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body).toEqual(posts[0]?.body);
    expect(posts[1]?.headers.authorization).toBe(`Bearer ${server.issuedTokens[1]}`);
  });

  it('does not cache a failed token request, and reports it without the client secret', async () => {
    server.on(
      'POST /oauth/token',
      {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: { errors: [{ code: 'UNAUTHORIZED', title: 'Unauthorized', status: 401 }] },
      },
      {
        headers: { 'content-type': 'application/json' },
        body: { access_token: makeJwt({ rand: 1 }), expires_in: 7200 },
      },
    );
    server.on('GET /api/customers', customersList());
    const upstream = makeUpstream();

    const error = await failure(upstream.session().list('customers'));
    const page = await upstream.session().list('customers');

    expect(error).toMatchObject({ code: 'UPSTREAM_HTTP_ERROR', status: 401, path: 'oauth/token' });
    expect(error.errors[0]).toEqual({ code: 'UNAUTHORIZED', title: 'Unauthorized', status: '401' });
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(CLIENT_SECRET);
    expect(page.data).toHaveLength(2);
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it('fails with the token endpoint error when the refresh after a 401 fails', async () => {
    server.on(
      'POST /oauth/token',
      {
        headers: { 'content-type': 'application/json' },
        body: { access_token: makeJwt({ rand: 'old' }), expires_in: 7200 },
      },
      { status: 503 },
    );
    server.on('POST /api/customers', { status: 401, body: fixture('invalid-token-401') });

    const error = await failure(makeUpstream().session().create('customers', { attributes: {} }));

    expect(error).toMatchObject({ status: 503, method: 'POST', path: 'oauth/token' });
    expect(error.applied).toBeUndefined();
    expect(server.apiRequests()).toHaveLength(1);
    expect(server.tokenRequests()).toHaveLength(3);
  });
});

describe("caller's authorization", () => {
  it('forwards the header exactly and never fetches or sends the gateway token', async () => {
    const callerToken = makeJwt({
      application: { kind: 'sales_channel' },
      owner: { id: 'XAyRWNUzyN', type: 'Customer' },
    });
    server.on('GET /api/customers/XAyRWNUzyN', { body: fixture('customer') });
    const upstream = makeUpstream();
    const session = upstream.session(`Bearer ${callerToken}`);

    await session.retrieve('customers/XAyRWNUzyN');

    expect(server.tokenRequests()).toHaveLength(0);
    expect(server.apiRequests()[0]?.headers.authorization).toBe(`Bearer ${callerToken}`);
  });

  it('does not refresh or retry when the caller token is rejected', async () => {
    server.on('GET /api/customers', { status: 401, body: fixture('invalid-token-401') });
    const session = makeUpstream().session('Bearer caller-opaque-token');

    const error = await failure(session.list('customers'));

    expect(error.status).toBe(401);
    expect(server.tokenRequests()).toHaveLength(0);
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('calls without Authorization when the gateway has no credentials', async () => {
    server.on('GET /api/customers', { status: 401, body: fixture('unauthorized-401') });
    const upstream = makeUpstream({ clientId: undefined, clientSecret: undefined });

    const error = await failure(upstream.session().list('customers'));

    expect(error.status).toBe(401);
    expect(server.apiRequests()[0]?.headers.authorization).toBeUndefined();
    expect(server.tokenRequests()).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a GET after 429 with Retry-After', async () => {
    server.on(
      'GET /api/customers',
      { status: 429, headers: { 'retry-after': '0' }, body: fixture('too-many-requests-429') },
      customersList(),
    );
    const session = makeUpstream().session();

    const page = await session.list('customers');

    expect(page.data).toHaveLength(2);
    expect(server.apiRequests()).toHaveLength(2);
    expect(session.requestCount).toBe(2);
  });

  it('retries a GET on 502, 503 and 504 up to the retry limit, then fails', async () => {
    server.on('GET /api/customers', { status: 502 }, { status: 504 }, { status: 503 });
    const session = makeUpstream({ retryLimit: 2 }).session();

    const error = await failure(session.list('customers'));

    expect(error).toMatchObject({ code: 'UPSTREAM_HTTP_ERROR', status: 503, method: 'GET' });
    expect(error.applied).toBeUndefined();
    expect(server.apiRequests()).toHaveLength(3);
    expect(session.requestCount).toBe(3);
  });

  it('retries a GET after a per-attempt timeout', async () => {
    server.on('GET /api/customers', { ...customersList(), delayMs: 2_000 }, customersList());
    const session = makeUpstream({ timeoutMs: 300 }).session();

    const page = await session.list('customers');

    expect(page.data).toHaveLength(2);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('retries a GET after a dropped connection', async () => {
    server.on('GET /api/customers', { drop: true }, customersList());
    const page = await makeUpstream().session().list('customers');
    expect(page.data).toHaveLength(2);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('does not retry 500 or other 4xx answers', async () => {
    server.on('GET /api/customers', { status: 500 });
    server.on('GET /api/customers/x', { status: 400 });
    const session = makeUpstream().session();

    expect((await failure(session.list('customers'))).status).toBe(500);
    expect((await failure(session.retrieve('customers/x'))).status).toBe(400);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it.each([
    ['POST', 'create'],
    ['PATCH', 'update'],
    ['DELETE', 'delete'],
  ] as const)(
    'never retries %s; a 5xx is applied: unknown, a 4xx applied: no',
    async (method, action) => {
      const path = method === 'POST' ? '/api/customers' : '/api/customers/c1';
      server.on(
        `${method} ${path}`,
        { status: 503 },
        { status: 429, headers: { 'retry-after': '0' } },
      );
      const session = makeUpstream().session();
      const write = () =>
        action === 'create'
          ? session.create('customers', { attributes: { email: 'a@example.com' } })
          : action === 'update'
            ? session.update('customers', 'c1', { attributes: { email: 'a@example.com' } })
            : session.delete('customers', 'c1');

      const unavailable = await failure(write());
      const limited = await failure(write());

      expect(unavailable).toMatchObject({ status: 503, applied: 'unknown', method });
      expect(limited).toMatchObject({ status: 429, applied: 'no', retryAfterSeconds: 0 });
      expect(server.apiRequests()).toHaveLength(2);
    },
  );

  it('never retries a write after a timeout or a dropped connection, and marks it applied: unknown', async () => {
    server.on('POST /api/customers', { status: 201, body: fixture('customer'), delayMs: 2_000 });
    server.on('PATCH /api/customers/c1', { drop: true });
    const session = makeUpstream({ timeoutMs: 100 }).session();

    const timedOut = await failure(session.create('customers', { attributes: {} }));
    const dropped = await failure(session.update('customers', 'c1', { attributes: {} }));

    expect(timedOut).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      method: 'POST',
      applied: 'unknown',
    });
    expect(dropped).toMatchObject({
      code: 'UPSTREAM_NETWORK_ERROR',
      method: 'PATCH',
      applied: 'unknown',
      causeCode: 'ECONNRESET',
    });
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('fails at once with the 429 when Retry-After exceeds maxRetryAfterMs', async () => {
    server.on(
      'GET /api/customers',
      { status: 429, headers: { 'retry-after': '5' } },
      customersList(),
    );
    const error = await failure(
      makeUpstream({ maxRetryAfterMs: 1_000 }).session().list('customers'),
    );

    expect(error).toMatchObject({ code: 'UPSTREAM_HTTP_ERROR', status: 429, retryAfterSeconds: 5 });
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('fails at once with the 429 when the wait does not fit in the deadline', async () => {
    server.on(
      'GET /api/customers',
      { status: 429, headers: { 'retry-after': '1' } },
      customersList(),
    );
    const upstream = makeUpstream({ maxRetryAfterMs: 5_000, deadlineMs: 900 });

    const error = await failure(upstream.session().list('customers'));

    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('aborts an attempt at the overall deadline with UPSTREAM_TIMEOUT', async () => {
    server.on('GET /api/customers', { ...customersList(), delayMs: 1_000 });
    const upstream = makeUpstream({ timeoutMs: 5_000, deadlineMs: 150 });

    const error = await failure(upstream.session().list('customers'));

    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', method: 'GET', path: 'customers' });
    expect(server.apiRequests()).toHaveLength(1);
  });
});

describe('error mapping', () => {
  it('maps a 422 to UPSTREAM_HTTP_ERROR with the JSON:API errors and the request id', async () => {
    server.on('POST /api/customers', {
      status: 422,
      headers: { 'x-request-id': 'req-7f3a' },
      body: fixture('validation-error-422'),
    });
    const error = await failure(
      makeUpstream()
        .session()
        .create('customers', { attributes: { email: '' } }),
    );

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'UpstreamError',
      code: 'UPSTREAM_HTTP_ERROR',
      status: 422,
      requestId: 'req-7f3a',
      method: 'POST',
      path: 'customers',
      applied: 'no',
    });
    expect(error.errors).toEqual([
      {
        title: "can't be blank",
        detail: "email - can't be blank",
        code: 'VALIDATION_ERROR',
        source: { pointer: '/data/attributes/email' },
        status: '422',
        meta: { error: 'blank' },
      },
      {
        title: 'is invalid',
        detail: 'email - is invalid',
        code: 'VALIDATION_ERROR',
        source: { pointer: '/data/attributes/email' },
        status: '422',
        meta: { error: 'invalid' },
      },
    ]);
    expect(error.message).toBe(
      "Commerce Layer answered 422 to POST customers: VALIDATION_ERROR email - can't be blank",
    );
  });

  it('maps a 404 on a list to UPSTREAM_HTTP_ERROR, without the query in the path', async () => {
    server.on('GET /api/customers/c1/orders', { status: 404, body: fixture('not-found-404') });
    const error = await failure(
      makeUpstream()
        .session()
        .list('customers/c1/orders', { filter: { email_eq: 'private@example.com' } }),
    );

    expect(error).toMatchObject({ status: 404, path: 'customers/c1/orders' });
    expect(error.errors[0]?.code).toBe('RECORD_NOT_FOUND');
    expect(JSON.stringify(error)).not.toContain('private@example.com');
  });

  it('maps a non-JSON 2xx body to UPSTREAM_BAD_RESPONSE without retrying', async () => {
    server.on('GET /api/customers', { body: '<html>maintenance</html>' });
    const error = await failure(makeUpstream().session().list('customers'));

    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', status: 200 });
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('maps a 2xx JSON body that is not the expected document to UPSTREAM_BAD_RESPONSE', async () => {
    server.on('GET /api/customers', { body: { data: { type: 'customers', id: 'c1' } } });
    server.on('PATCH /api/customers/c1', { body: { data: null } });
    const session = makeUpstream().session();

    const list = await failure(session.list('customers'));
    const update = await failure(session.update('customers', 'c1', { attributes: {} }));

    expect(list.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(update).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', applied: 'yes' });
  });

  it('maps a refused connection to UPSTREAM_NETWORK_ERROR (a write then was not applied)', async () => {
    const closed = await startJsonApiTestServer();
    const baseUrl = closed.apiUrl;
    await closed.close();
    const upstream = makeUpstream({ baseUrl, clientId: undefined, retryLimit: 1 });

    const read = await failure(upstream.session('Bearer x').list('customers'));
    const write = await failure(upstream.session('Bearer x').delete('customers', 'c1'));

    expect(read).toMatchObject({ code: 'UPSTREAM_NETWORK_ERROR', causeCode: 'ECONNREFUSED' });
    expect(write).toMatchObject({ code: 'UPSTREAM_NETWORK_ERROR', applied: 'no' });
  });

  it('never puts a token in the message, the stack or JSON.stringify(error)', async () => {
    server.on('GET /api/customers', { status: 401, body: fixture('invalid-token-401') });
    server.on('GET /api/customers/c1', { delayMs: 2_000, body: fixture('customer') });
    const callerToken = makeJwt({ application: { kind: 'sales_channel' }, rand: 'caller' });
    const upstream = makeUpstream({ timeoutMs: 100, retryLimit: 0 });

    const errors = [
      await failure(upstream.session().list('customers')),
      await failure(upstream.session(`Bearer ${callerToken}`).list('customers')),
      await failure(upstream.session(`Bearer ${callerToken}`).retrieve('customers/c1')),
    ];

    const tokens = [...server.issuedTokens, callerToken];
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    for (const error of errors) {
      const text = `${String(error)} ${error.message} ${error.stack} ${JSON.stringify(error)}`;
      for (const token of tokens) {
        expect(text).not.toContain(token);
      }
      expect(text).not.toContain(CLIENT_SECRET);
      expect(Object.keys(error)).not.toContain('cause');
    }
  });
});

describe('request accounting', () => {
  it('counts every attempt but not token requests, per session', async () => {
    server.on('GET /api/customers', { status: 503 }, customersList());
    const upstream = makeUpstream();
    const first = upstream.session();
    const second = upstream.session();

    await first.list('customers');
    await second.list('customers');

    expect(first.requestCount).toBe(2);
    expect(second.requestCount).toBe(1);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('records the newest X-Ratelimit-* headers', async () => {
    const limited = (remaining: number) => ({
      ...customersList(),
      headers: {
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-interval': '60',
      },
    });
    server.on('GET /api/customers', limited(98), limited(97), customersList());
    const session = makeUpstream().session();

    expect(session.rateLimit).toBeUndefined();
    await session.list('customers');
    await session.list('customers');
    expect(session.rateLimit).toEqual({ limit: 100, remaining: 97, intervalSeconds: 60 });
    await session.list('customers');
    expect(session.rateLimit).toEqual({ limit: 100, remaining: 97, intervalSeconds: 60 });
  });

  it('records rate-limit headers of an error answer', async () => {
    server.on('GET /api/customers', {
      status: 429,
      headers: {
        'retry-after': '30',
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-interval': '60',
      },
    });
    const session = makeUpstream().session();
    await failure(session.list('customers'));
    expect(session.rateLimit).toEqual({ limit: 100, remaining: 0, intervalSeconds: 60 });
  });
});

describe('observer', () => {
  it('is told about each attempt, paired, with status or error code and no query', async () => {
    const events: string[] = [];
    const outcomes: UpstreamAttemptOutcome[] = [];
    const observer = {
      onRequest: (attempt: UpstreamAttempt) => {
        events.push(`request ${attempt.method} ${attempt.path} #${attempt.attempt}`);
      },
      onResponse: (attempt: UpstreamAttempt, outcome: UpstreamAttemptOutcome) => {
        events.push(`response #${attempt.attempt} ${outcome.status ?? outcome.errorCode}`);
        outcomes.push(outcome);
      },
    };
    server.on('GET /api/customers', { drop: true }, { status: 503 }, customersList());
    server.on('POST /api/customers', { status: 422, body: fixture('validation-error-422') });
    const session = makeUpstream({ observer }).session();

    await session.list('customers', { filter: { email_eq: 'private@example.com' } });
    await failure(session.create('customers', { attributes: {} }));

    expect(events).toEqual([
      'request GET /api/customers #1',
      'response #1 ECONNRESET',
      'request GET /api/customers #2',
      'response #2 503',
      'request GET /api/customers #3',
      'response #3 200',
      'request POST /api/customers #1',
      'response #1 422',
    ]);
    expect(outcomes.every((outcome) => outcome.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('private');
  });
});

describe('ping', () => {
  it('is true when the upstream answers and the gateway token can be had', async () => {
    const upstream = makeUpstream();
    expect(await upstream.ping()).toBe(true);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('is false when the upstream is down', async () => {
    const closed = await startJsonApiTestServer();
    const { apiUrl } = closed;
    await closed.close();
    expect(await makeUpstream({ baseUrl: apiUrl, clientId: undefined }).ping()).toBe(false);
  });

  it('is false when the upstream answers 5xx', async () => {
    server.on('GET /api/', { status: 503 });
    expect(await makeUpstream({ clientId: undefined }).ping()).toBe(false);
  });
});
