import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { DEFAULT_CONNECTION_SIZE, MAX_CONNECTION_SIZE } from '../../../src/schema/connection.ts';
import { createUpstream, type UpstreamClient } from '../../../src/upstream/client.ts';
import { createGateway } from '../../../src/yoga.ts';
import { emulatorAuth } from '../../helpers/auth.ts';

/**
 * What a new user meets in the first hour (issue 12, "Using it"), over real HTTP: the emulator and
 * the gateway each on a port, the gateway verifying callers' tokens against the emulator's key set.
 */

let emulator: RunningEmulator;
let upstream: UpstreamClient;
let server: Server;
let graphqlUrl: string;

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number } };
}

async function post(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Body & { upstreamRequests: number; upstream: { method: string; path: string }[] }> {
  const since = emulator.requestLog.lastSeq;
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Body;
  const entries = emulator.requestLog
    .entries({ since })
    .filter((entry) => entry.path.startsWith('/api/'));
  return {
    ...body,
    upstreamRequests: entries.length,
    upstream: entries.map((entry) => ({ method: entry.method, path: entry.path })),
  };
}

async function token(params: Record<string, string>): Promise<string> {
  const response = await fetch(emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, customers: 30, rateLimit: false });
  upstream = createUpstream({
    baseUrl: emulator.apiUrl,
    authUrl: emulator.authUrl,
    clientId: emulator.credentials.integration.clientId,
    clientSecret: emulator.credentials.integration.clientSecret,
    timeoutMs: 2_000,
    deadlineMs: 5_000,
    retryLimit: 0,
    maxRetryAfterMs: 1_000,
  });
  const gateway = createGateway({
    upstream,
    limits: { maxAliases: 3 },
    auth: emulatorAuth(emulator),
  });
  server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  graphqlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  upstream?.close();
  await emulator?.close();
});

beforeEach(() => {
  emulator.faults.clear();
});

describe('email lookups, normalised as Commerce Layer stores emails (trimmed, lower-cased)', () => {
  const shout = (email: string) => `  ${email.toUpperCase()} `;

  it('customerByEmail finds a customer whatever the case and surrounding spaces', async () => {
    const email = emulator.credentials.customer.email;
    const result = await post('query($e: String!) { customerByEmail(email: $e) { email } }', {
      e: shout(email),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerByEmail).toEqual({ email });
  });

  it('customerByEmail answers null without an error when nobody has the address', async () => {
    const result = await post('{ customerByEmail(email: "nobody@nowhere.test") { email } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerByEmail).toBeNull();
  });

  it('where.email eq and in match in any case', async () => {
    const email = emulator.credentials.customer.email;
    const result = await post(
      `query($eq: String!, $in: [String!]!) {
        a: customers(where: { email: { eq: $eq } }) { totalCount nodes { email } }
        b: customers(where: { email: { in: $in } }) { totalCount }
      }`,
      { eq: shout(email), in: [shout(email)] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.a).toEqual({ totalCount: 1, nodes: [{ email }] });
    expect(result.data!.b).toEqual({ totalCount: 1 });
  });

  it('federation _entities by email resolves an upper-cased address', async () => {
    const email = emulator.credentials.customer.email;
    const result = await post(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { email } } }`,
      { r: [{ __typename: 'Customer', email: email.toUpperCase() }] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{ email }]);
  });
});

describe('viewer', () => {
  it("answers a customer token's own customer with 1 upstream request, counted in cost", async () => {
    const { customer, salesChannel, marketScope } = {
      ...emulator.credentials,
      salesChannel: emulator.credentials.salesChannel,
    };
    const access = await token({
      grant_type: 'password',
      client_id: salesChannel.clientId,
      scope: marketScope,
      username: customer.email,
      password: customer.password,
    });
    const result = await post(
      '{ viewer { clId email customerGroup { name } } }',
      {},
      {
        authorization: `Bearer ${access}`,
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.viewer).toMatchObject({ clId: customer.id, email: customer.email });
    expect(result.upstreamRequests).toBe(1);
    expect(result.extensions!.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
  });

  it('is null for an integration token and without a token, with no upstream request', async () => {
    const access = await token({
      grant_type: 'client_credentials',
      client_id: emulator.credentials.integration.clientId,
      client_secret: emulator.credentials.integration.clientSecret,
    });
    const withToken = await post('{ viewer { email } }', {}, { authorization: `Bearer ${access}` });
    expect(withToken.errors).toBeUndefined();
    expect(withToken.data!.viewer).toBeNull();
    expect(withToken.upstreamRequests).toBe(0);
    const anonymous = await post('{ viewer { email } }');
    expect(anonymous.data!.viewer).toBeNull();
  });
});

describe('customerTagsAdd with tags that do not exist yet', () => {
  const mutation = `mutation($id: ID!, $tags: [String!]!, $create: Boolean) {
    customerTagsAdd(id: $id, tags: $tags, createMissing: $create) {
      customer { tags { name } }
      userErrors { code field message }
    }
  }`;

  it('without createMissing: NOT_FOUND proposing createMissing, which the API offers', async () => {
    const id = emulator.credentials.customer.id;
    const result = await post(mutation, { id, tags: ['never-made-1'] });
    const payload = result.data!.customerTagsAdd as {
      userErrors: { code: string; field: string[]; message: string }[];
    };
    expect(payload.userErrors).toEqual([
      {
        code: 'NOT_FOUND',
        field: ['tags', '0'],
        message: 'No Tag named "never-made-1"; pass createMissing: true to create it.',
      },
    ]);
  });

  it('with createMissing: creates the missing tags upstream (POST /api/tags), then adds them', async () => {
    const id = emulator.credentials.customer.id;
    const result = await post(mutation, { id, tags: ['Fresh-Tag', 'second:tag'], create: true });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.customerTagsAdd as {
      customer: { tags: { name: string }[] };
      userErrors: unknown[];
    };
    expect(payload.userErrors).toEqual([]);
    expect(payload.customer.tags.map((tag) => tag.name)).toEqual(
      expect.arrayContaining(['fresh-tag', 'second:tag']),
    );
    const creates = result.upstream.filter(
      (entry) => entry.method === 'POST' && entry.path === '/api/tags',
    );
    expect(creates).toHaveLength(2);
    // Predicted: read, tag lookup, 2 creates, PATCH.
    expect(result.extensions!.cost!.requestedQueryCost).toBeGreaterThanOrEqual(
      result.extensions!.cost!.actualQueryCost,
    );
    // A second time: nothing to create.
    const again = await post(mutation, { id, tags: ['fresh-tag'], create: true });
    expect(again.upstream.filter((entry) => entry.method === 'POST')).toHaveLength(0);
  });

  it('refuses invalid names before any upstream request', async () => {
    const id = emulator.credentials.customer.id;
    const result = await post(mutation, {
      id,
      tags: ['has space', 'x'.repeat(26), 'ok', 'bad!'],
      create: true,
    });
    const payload = result.data!.customerTagsAdd as { userErrors: { code: string }[] };
    expect(payload.userErrors.map((error) => error.code)).toEqual([
      'INVALID',
      'TOO_LONG',
      'INVALID',
    ]);
    expect(result.upstreamRequests).toBe(0);
  });
});

describe('consistent errors', () => {
  it('words NOT_FOUND one way: "No <Type> with <key> <value>."', async () => {
    const result = await post(
      `{ customer(id: "Q3VzdG9tZXI6bm9wZQ==") { email } node(id: "Q3VzdG9tZXI6bm9wZQ==") { id } }`,
    );
    const messages = result.errors!.map((error) => error.message);
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(message).toMatch(/^No Customer with id \S+\.$/);
    }
    const update = await post(
      'mutation { customerTagsAdd(id: "nope0nope0", tags: ["vip"]) { userErrors { code message } } }',
    );
    expect((update.data!.customerTagsAdd as { userErrors: unknown[] }).userErrors).toEqual([
      { code: 'NOT_FOUND', message: 'No Customer with id nope0nope0.' },
    ]);
  });

  it('the alias limit is not called a syntax error', async () => {
    const result = await post(
      '{ a: viewer { email } b: viewer { email } c: viewer { email } d: viewer { email } }',
    );
    expect(result.errors![0]!.extensions!.code).toBe('TOO_MANY_ALIASES');
    expect(result.errors![0]!.message).not.toMatch(/syntax/i);
  });

  it('the rate-limit message says when to retry, once', async () => {
    emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 7, count: 1 });
    const result = await post('{ customers(first: 1) { totalCount } }');
    const error = result.errors![0]!;
    expect(error.extensions!.code).toBe('RATE_LIMITED');
    expect(error.message.match(/retry/gi)).toHaveLength(1);
    expect(error.message).toContain('7 s');
    expect(error.extensions!.retryAfter).toBe(7);
  });
});

describe('the schema over introspection', () => {
  interface TypeRef {
    kind: string;
    name: string | null;
    ofType: TypeRef | null;
  }
  interface Field {
    name: string;
    type: TypeRef;
    args: { name: string; description: string | null }[];
  }
  let types: { name: string; fields: Field[] | null }[];

  beforeAll(async () => {
    const result = await post(`{ __schema { types { name fields {
      name args { name description }
      type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
    } } } }`);
    types = (result.data!.__schema as { types: typeof types }).types;
  });

  const field = (type: string, name: string) =>
    types.find((candidate) => candidate.name === type)?.fields?.find((f) => f.name === name);

  it('makes non-null what Commerce Layer requires (Tag.name, CustomerGroup.name, …)', () => {
    for (const [type, name] of [
      ['Tag', 'name'],
      ['CustomerGroup', 'name'],
      ['Market', 'name'],
      ['StockLocation', 'name'],
      ['Address', 'line1'],
      ['Address', 'city'],
    ] as const) {
      expect(field(type, name)?.type.kind, `${type}.${name}`).toBe('NON_NULL');
    }
    // A relationship that can fail upstream stays nullable; its items are non-null.
    const tags = field('Customer', 'tags')!.type;
    expect(tags.kind).toBe('LIST');
    expect(tags.ofType!.kind).toBe('NON_NULL');
  });

  it("states the default page size in every connection's first and last", () => {
    const connections = types.flatMap((type) =>
      (type.fields ?? [])
        .filter((f) => f.args.some((arg) => arg.name === 'first'))
        .map((f) => ({ at: `${type.name}.${f.name}`, args: f.args })),
    );
    expect(connections.length).toBeGreaterThan(10);
    for (const connection of connections) {
      for (const name of ['first', 'last']) {
        const description = connection.args.find((arg) => arg.name === name)?.description ?? '';
        expect(description, `${connection.at}(${name})`).toContain(
          `the first ${DEFAULT_CONNECTION_SIZE} records`,
        );
        expect(description, `${connection.at}(${name})`).toContain(`${MAX_CONNECTION_SIZE}`);
      }
    }
  });

  it('describes viewer and customerByEmail null', () => {
    const query = types.find((type) => type.name === 'Query')!;
    expect(query.fields!.map((f) => f.name)).toContain('viewer');
  });
});
