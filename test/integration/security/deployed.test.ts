import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployedGateway, post, START_TIMEOUT_MS, startDeployed } from './deployed.ts';

/**
 * Request hygiene of a deployed gateway (`NODE_ENV=production`, `CL_BASE_URL` set), over real
 * HTTP: `src/server.ts` spawned as it runs in production, in front of the emulator. Every request
 * carries a real integration token from the emulator's `/oauth/token`. Where a rule says "before
 * any upstream request", the emulator's request log is counted.
 */

const SDL_SECRET = `router-${randomBytes(12).toString('hex')}`;
let gateway: DeployedGateway;
let token: string;

beforeAll(async () => {
  gateway = await startDeployed({ FEDERATION_SDL_SECRET: SDL_SECRET });
  token = await gateway.token();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await gateway?.close();
});

/** A raw POST (any body, any content type) with the caller's token; counts upstream requests. */
async function raw(init: RequestInit & { headers?: Record<string, string> }) {
  const since = gateway.emulator.requestLog.lastSeq;
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, text, upstream: gateway.upstreamSince(since) };
}

const COUNT = 'query Count { customers(first: 1) { totalCount } }';

describe('request body size (MAX_BODY_BYTES, default 1 MiB)', () => {
  /**
   * A valid request of about `size` bytes: the padding is an unused variable, a list of 100
   * strings (within the input bounds: 100 items, 65 536 characters each).
   */
  const padded = (size: number) =>
    JSON.stringify({
      query: COUNT,
      variables: { pad: Array.from({ length: 100 }, () => 'x'.repeat(Math.ceil(size / 100))) },
    });

  it('answers a body under the limit', async () => {
    const answer = await raw({
      body: padded(900_000),
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ data: { customers: { totalCount: 30 } } });
  });

  it('refuses a Content-Length past 1 MiB with 413 and no upstream request', async () => {
    const body = Buffer.from(padded(1_100_000));
    const since = gateway.emulator.requestLog.lastSeq;
    const answer = await upload(gateway.graphqlUrl, { 'content-length': String(body.length) }, [
      body,
    ]);
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(gateway.upstreamSince(since)).toBe(0);
  });

  it('refuses a chunked body (no Content-Length) once more than 1 MiB was read', async () => {
    const chunks = [Buffer.from(`{"query":"${COUNT}","variables":{"pad":"`)];
    for (let i = 0; i < 32; i++) {
      chunks.push(Buffer.alloc(64 * 1024, 'x'));
    }
    chunks.push(Buffer.from('"}}'));
    const since = gateway.emulator.requestLog.lastSeq;
    const answer = await upload(gateway.graphqlUrl, { 'transfer-encoding': 'chunked' }, chunks);
    // 413, or the connection closed under the client before it could read the 413.
    expect(answer.status === 413 || answer.connection === 'reset').toBe(true);
    expect(gateway.upstreamSince(since)).toBe(0);
  });
});

/**
 * POSTs a JSON body chunk by chunk with node:http, as a well-behaved client does: it stops
 * sending once the answer arrives (fetch would fail with EPIPE when the gateway answers 413 and
 * closes while the body is still being sent).
 */
function upload(
  url: string,
  headers: Record<string, string>,
  chunks: readonly Buffer[],
): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...headers,
      },
    });
    outgoing.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) {
        return;
      }
      // The gateway may answer 413 and close before the client has read that answer (a race on
      // a busy machine): the write then fails with EPIPE/ECONNRESET, and the body was refused.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
        answered = true;
        resolve({ status: 0, connection: 'reset' });
        return;
      }
      reject(error);
    });
    const send = async () => {
      for (const chunk of chunks) {
        if (answered || outgoing.destroyed) {
          return;
        }
        if (!outgoing.write(chunk)) {
          await new Promise((drained) => {
            outgoing.once('drain', drained);
            outgoing.once('close', drained);
          });
        }
      }
      outgoing.end();
    };
    void send();
  });
}

describe('CSRF: a POST must be JSON', () => {
  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(COUNT)}`],
    ['text/plain', JSON.stringify({ query: COUNT })],
    ['text/plain;charset=UTF-8', JSON.stringify({ query: COUNT })],
    ['application/graphql', COUNT],
  ])('refuses %s with 415 before any upstream request', async (contentType, body) => {
    const answer = await raw({ body, headers: { 'content-type': contentType } });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.text)).toMatchObject({
      errors: [{ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }],
    });
    expect(answer.upstream).toBe(0);
  });

  it('refuses multipart/form-data (a file upload form) with 415', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: COUNT }));
    form.set('map', '{}');
    const answer = await raw({ body: form });
    expect(answer.status).toBe(415);
    expect(answer.upstream).toBe(0);
  });

  it('refuses a persisted document id sent as text/plain or as a form', async () => {
    const documentId = `sha256:${'a'.repeat(64)}`;
    for (const [contentType, body] of [
      ['text/plain', JSON.stringify({ documentId })],
      ['application/x-www-form-urlencoded', `documentId=${documentId}`],
    ] as const) {
      const answer = await raw({ body, headers: { 'content-type': contentType } });
      expect(answer.status).toBe(415);
      expect(answer.upstream).toBe(0);
    }
  });

  it('refuses a POST without a Content-Type', async () => {
    const answer = await raw({ body: new Blob([JSON.stringify({ query: COUNT })]) });
    expect(answer.status).toBe(415);
    expect(answer.upstream).toBe(0);
  });

  it('accepts application/json with a charset and application/graphql+json', async () => {
    for (const contentType of ['application/json; charset=utf-8', 'application/graphql+json']) {
      const answer = await raw({
        body: JSON.stringify({ query: COUNT }),
        headers: { 'content-type': contentType },
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ data: { customers: { totalCount: 30 } } });
    }
  });

  it('runs a GET query only with a header a browser must preflight', async () => {
    const url = `${gateway.graphqlUrl}?query=${encodeURIComponent(COUNT)}`;
    const since = gateway.emulator.requestLog.lastSeq;
    const bare = await fetch(url);
    // 403 from the CSRF check (401 where authentication answers first): never run.
    expect([401, 403]).toContain(bare.status);
    expect(((await bare.json()) as { data?: unknown }).data ?? null).toBe(null);
    expect(gateway.upstreamSince(since)).toBe(0);
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(withToken.status).toBe(200);
    expect(await withToken.json()).toMatchObject({ data: { customers: { totalCount: 30 } } });
  });
});

describe('CORS (off by default)', () => {
  it('sends no Access-Control-Allow-* header to another origin, preflight or not', async () => {
    const preflight = await fetch(gateway.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    const actual = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: COUNT }),
    });
    for (const response of [preflight, actual]) {
      const names = [...response.headers.keys()];
      expect(names.filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('schema exposure in production', () => {
  it('serves no GraphiQL page', async () => {
    const response = await fetch(gateway.graphqlUrl, { headers: { accept: 'text/html' } });
    const text = await response.text();
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(text.toLowerCase()).not.toContain('graphiql');
    expect(gateway.stdout()).toMatch(/^GraphQL: http/m);
    expect(gateway.stdout()).not.toContain('GraphiQL:');
  });

  it('refuses __schema and _service { sdl } (aliased, in a fragment) without the router secret', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ _service { sdl } }',
      '{ composition: _service { sdl } }',
      'query Q { ...F } fragment F on Query { _service { sdl } }',
    ]) {
      const answer = await post(gateway, token, { query });
      expect(answer.body.data ?? null).toBe(null);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
      expect(JSON.stringify(answer.body)).not.toContain('type Customer');
      expect(answer.upstreamRequests).toBe(0);
    }
    const wrong = await post(
      gateway,
      token,
      { query: '{ _service { sdl } }' },
      { 'x-federation-sdl-secret': `${SDL_SECRET}x` },
    );
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
  });

  it('answers _service { sdl } to a router presenting FEDERATION_SDL_SECRET', async () => {
    const answer = await post(
      gateway,
      token,
      { query: '{ _service { sdl } }' },
      { 'x-federation-sdl-secret': SDL_SECRET },
    );
    expect(answer.body.errors).toBeUndefined();
    const sdl = (answer.body.data?._service as { sdl?: string } | undefined)?.sdl;
    expect(sdl).toContain('type Customer');
    expect(sdl).toContain('@key');
  });

  it('never says "Did you mean": fields, arguments, enum values, variables, input fields, types', async () => {
    const cases: { query: string; variables?: Record<string, unknown>; hint: string }[] = [
      { query: '{ customerz(first: 1) { totalCount } }', hint: '"customers"' },
      { query: '{ customers(frist: 1) { totalCount } }', hint: '"first"' },
      { query: '{ customers(first: 1) { totalCont } }', hint: '"totalCount"' },
      { query: '{ customers(first: 1, sortKey: CREATED_A) { totalCount } }', hint: 'CREATED_AT' },
      {
        query: 'query S($s: CustomerSortKey) { customers(first: 1, sortKey: $s) { totalCount } }',
        variables: { s: 'CREATED_A' },
        hint: 'CREATED_AT',
      },
      {
        query: 'query W($w: CustomerWhere) { customers(first: 1, where: $w) { totalCount } }',
        variables: { w: { emial: { eq: 'a@b.example' } } },
        hint: '"email"',
      },
      {
        query: 'query T($s: CustomerSortKy) { customers(first: 1, sortKey: $s) { totalCount } }',
        hint: '"CustomerSortKey"',
      },
    ];
    for (const { query, variables, hint } of cases) {
      const answer = await post(gateway, token, { query, variables });
      const text = JSON.stringify(answer.body);
      expect(answer.body.errors?.length, query).toBeGreaterThan(0);
      expect(text, query).not.toContain('Did you mean');
      expect(text, query).not.toContain(hint);
      expect(answer.upstreamRequests, query).toBe(0);
    }
  });
});

describe('/metrics', () => {
  it('is not on the GraphQL port, and is on its own loopback listener', async () => {
    const publicMetrics = await fetch(new URL('/metrics', gateway.graphqlUrl));
    expect(publicMetrics.status).toBeGreaterThanOrEqual(400);
    expect(await publicMetrics.text()).not.toContain('gateway_graphql_requests_total');

    const metricsUrl = gateway.metricsUrl as string;
    expect(metricsUrl).toMatch(/^http:/);
    expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
    expect(new URL(metricsUrl).port).not.toBe(new URL(gateway.graphqlUrl).port);
    const metrics = await fetch(metricsUrl);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('gateway_graphql_requests_total');
  });
});

describe('logs', () => {
  it('never contain a variable value, password, email or token; client mistakes are not errors', async () => {
    const marker = randomBytes(6).toString('hex');
    const email = `leak.${marker}@example.com`;
    const password = `Pw-${marker}-secret`;
    const badToken = `eyJhbGciOiJub25lIn0.eyJsZWFrIjoi${marker}In0.${marker}`;
    const since = gateway.logs().length;

    // A write that succeeds, carrying an email and a password.
    const created = await post(gateway, token, {
      query:
        'mutation C($input: CustomerCreateInput!) { customerCreate(input: $input) { customer { clId } userErrors { code } } }',
      variables: { input: { email, password } },
    });
    expect(created.body.errors).toBeUndefined();
    // Coercion errors quote the value they refused.
    const coercion = await post(gateway, token, {
      query: 'query N($first: Int) { customers(first: $first) { totalCount } }',
      variables: { first: email },
    });
    expect(JSON.stringify(coercion.body)).toContain(marker);
    // A lookup whose value reaches the upstream query string.
    await post(gateway, token, {
      query: 'query E($email: String!) { customerByEmail(email: $email) { clId } }',
      variables: { email },
    });
    // Commerce Layer's own validation error (its detail may quote the value).
    await post(gateway, token, {
      query:
        'mutation C($input: CustomerCreateInput!) { customerCreate(input: $input) { customer { clId } userErrors { code message } } }',
      variables: { input: { email: `not-an-email-${marker}`, password } },
    });
    // Caller-chosen names that are not GraphQL names.
    await post(gateway, token, {
      query: COUNT,
      operationName: email,
      variables: { [email]: password },
    });
    // A bad token.
    const refused = await post(gateway, badToken, { query: COUNT });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await new Promise((resolve) => setTimeout(resolve, 200));
    const output = gateway.stdout();
    expect(output).toContain('"msg":"graphql request"');
    for (const secret of [marker, email, password, token, badToken]) {
      expect(output).not.toContain(secret);
    }
    const lines = gateway.logs().slice(since);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(lines.filter((line) => JSON.stringify(line).includes('"stack"'))).toEqual([]);
  });
});

describe('federation _entities', () => {
  interface Row {
    id: string;
    email: string;
    customerGroup: { name: string } | null;
  }
  let customers: Row[];

  beforeAll(async () => {
    const answer = await post(gateway, token, {
      query: '{ customers(first: 25) { nodes { id email customerGroup { name } } } }',
    });
    customers = (answer.body.data?.customers as { nodes: Row[] } | undefined)?.nodes ?? [];
  });

  it('answers each malformed representation at its own index; valid siblings resolve in one batch', async () => {
    const [first, second] = customers as [Row, Row];
    const representations: unknown[] = [
      { __typename: 'Customer', id: first.id },
      'not an object',
      { __typename: 'Nope', id: first.id },
      { __typename: 'Customer' },
      { id: second.id },
      { __typename: 'CustomerGroup', id: 42 },
      { __typename: 'constructor', id: first.id },
      { __typename: 'Query', id: first.id },
      { __typename: 'Customer', id: second.id },
    ];
    const answer = await post(gateway, token, {
      query:
        'query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { email } } }',
      variables: { representations },
    });
    const entities = answer.body.data?._entities as ({ email: string } | null)[];
    expect(entities).toEqual([
      { email: first.email },
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      { email: second.email },
    ]);
    const errors = answer.body.errors ?? [];
    expect(errors.map((error) => error.path)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((index) => ['_entities', index]),
    );
    expect(errors.map((error) => error.extensions?.code)).toEqual(Array(7).fill('BAD_USER_INPUT'));
    expect(answer.upstreamRequests).toBe(1);
  });

  it('plans each request from its own variables, even for the same document', async () => {
    const query = `query E($representations: [_Any!]!, $withGroup: Boolean!) {
      _entities(representations: $representations) {
        ... on Customer { email customerGroup @include(if: $withGroup) { name } }
      }
    }`;
    const grouped = customers.filter((row) => row.customerGroup !== null).slice(0, 5);
    expect(grouped.length).toBeGreaterThan(1);
    const representations = grouped.map((row) => ({ __typename: 'Customer', id: row.id }));

    const without = await post(gateway, token, {
      query,
      variables: { representations, withGroup: false },
    });
    expect(without.body.errors).toBeUndefined();
    expect(without.body.data?._entities).toEqual(grouped.map((row) => ({ email: row.email })));

    // Same document text, now asking for the group: the plan must include it (1 request), not
    // reuse the first request's plan and load every group on its own.
    const withGroup = await post(gateway, token, {
      query,
      variables: { representations, withGroup: true },
    });
    expect(withGroup.body.errors).toBeUndefined();
    expect(withGroup.body.data?._entities).toEqual(
      grouped.map((row) => ({ email: row.email, customerGroup: row.customerGroup })),
    );
    expect(withGroup.upstreamRequests).toBe(1);
  });
});

describe('node(id:) for every node type', () => {
  const typesOf = async () => {
    const { schema } = await import('../../../src/schema/index.ts');
    const { isObjectType } = await import('graphql');
    return Object.values(schema.getTypeMap()).filter(
      (type) =>
        isObjectType(type) &&
        type.getInterfaces().some((candidate) => candidate.name === 'Node') &&
        typeof (type.extensions as { upstreamType?: unknown }).upstreamType === 'string',
    ) as { name: string; extensions: { upstreamType?: string } }[];
  };

  /** The first record of an upstream type, read from the emulator with the caller's token. */
  async function firstId(path: string): Promise<string> {
    const response = await fetch(`${gateway.emulator.apiUrl}/${path}?page[size]=1`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.api+json' },
    });
    const body = (await response.json()) as { data: { id: string }[] };
    const id = body.data[0]?.id;
    if (!id) {
      throw new Error(`no ${path} in the emulator`);
    }
    return id;
  }

  const globalId = (typename: string, id: string) =>
    Buffer.from(`${typename}:${id}`).toString('base64');

  it('resolves one record of each type, never through an upstream 405', async () => {
    // Event stores exist once something was written: update a customer first.
    const customerId = await firstId('customers');
    await post(gateway, token, {
      query:
        'mutation U($id: ID!) { customerUpdate(id: $id, input: { reference: "node-test" }) { userErrors { code } } }',
      variables: { id: globalId('Customer', customerId) },
    });
    const types = await typesOf();
    expect(types.map((type) => type.name)).toContain('EventStore');
    for (const type of types) {
      const upstreamType = type.extensions.upstreamType as string;
      const id =
        upstreamType === 'event_stores'
          ? await firstId(`customers/${customerId}/event_stores`)
          : await firstId(upstreamType);
      const since = gateway.emulator.requestLog.lastSeq;
      const answer = await post(gateway, token, {
        query: 'query N($id: ID!) { node(id: $id) { __typename id } }',
        variables: { id: globalId(type.name, id) },
      });
      expect(answer.body.errors, type.name).toBeUndefined();
      expect(answer.body.data?.node, type.name).toEqual({
        __typename: type.name,
        id: globalId(type.name, id),
      });
      const statuses = gateway.emulator.requestLog
        .entries({ since, pathPrefix: '/api/' })
        .map((entry) => entry.status);
      expect(statuses, type.name).toEqual([200]);
    }
  });

  it('answers NOT_FOUND with a reason for a record that does not exist, of any type', async () => {
    for (const type of await typesOf()) {
      const since = gateway.emulator.requestLog.lastSeq;
      const answer = await post(gateway, token, {
        query: 'query N($id: ID!) { node(id: $id) { id } }',
        variables: { id: globalId(type.name, 'Missing0000') },
      });
      expect(answer.body.data?.node, type.name).toBe(null);
      expect(answer.body.errors?.[0]?.extensions?.code, type.name).toBe('NOT_FOUND');
      expect(answer.body.errors?.[0]?.message, type.name).toContain(type.name);
      const statuses = gateway.emulator.requestLog
        .entries({ since, pathPrefix: '/api/' })
        .map((entry) => entry.status);
      expect(statuses, type.name).not.toContain(405);
    }
  });
});
