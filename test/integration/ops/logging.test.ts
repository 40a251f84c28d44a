import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, useLogging } from '../../../src/plugins/use-logging.ts';
import { linesWith, postGraphQL, type ServedStack, serveStack } from './serve.ts';

const CUSTOMER_BY_EMAIL = /* GraphQL */ `
  query CustomerByEmail($email: String!) {
    customerByEmail(email: $email) { id email }
  }
`;

describe('request logs', () => {
  let stack: ServedStack;

  beforeAll(async () => {
    stack = await serveStack();
  });
  afterAll(() => stack.close());

  it('writes one line per GraphQL request with id, operation, duration, upstream count and codes', async () => {
    const since = stack.emulator.requestLog.lastSeq;
    const response = await postGraphQL(
      stack,
      { query: 'query FirstTwo { customers(first: 2) { nodes { id } } }' },
      { 'x-request-id': 'test-req-1' },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('test-req-1');

    const [line, ...more] = linesWith(stack, 'graphql request').filter(
      (entry) => entry.requestId === 'test-req-1',
    );
    expect(more).toHaveLength(0);
    expect(line).toMatchObject({
      level: 30,
      requestId: 'test-req-1',
      operationName: 'FirstTwo',
      operationType: 'query',
      status: 200,
      upstreamRequests: stack.emulator.requestLog.count({ since, pathPrefix: '/api/' }),
      errorCodes: [],
    });
    expect(line?.upstreamRequests).toBe(1);
    expect(typeof line?.durationMs).toBe('number');
  });

  it('generates a request id when none (or a malformed one) is sent', async () => {
    const response = await postGraphQL(
      stack,
      { query: '{ customers(first: 1) { totalCount } }' },
      { 'x-request-id': 'bad id with spaces' },
    );
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(linesWith(stack, 'graphql request').some((entry) => entry.requestId === id)).toBe(true);
  });

  it('logs the error codes of a failed request at warn level', async () => {
    const response = await postGraphQL(
      stack,
      { query: 'query Broken { nope }' },
      { 'x-request-id': 'test-req-broken' },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const line = linesWith(stack, 'graphql request').find(
      (entry) => entry.requestId === 'test-req-broken',
    );
    expect(line).toMatchObject({
      level: 40,
      operationName: 'Broken',
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
      upstreamRequests: 0,
    });
  });

  it('never logs tokens, e-mails or variable values; variable names only', async () => {
    const token = await (async () => {
      const answer = await fetch(stack.emulator.authUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: stack.emulator.credentials.integration.clientId,
          client_secret: stack.emulator.credentials.integration.clientSecret,
        }),
      });
      return ((await answer.json()) as { access_token: string }).access_token;
    })();
    const email = stack.emulator.credentials.customer.email;
    const response = await postGraphQL(
      stack,
      { query: CUSTOMER_BY_EMAIL, variables: { email } },
      { authorization: `Bearer ${token}`, 'x-request-id': 'test-req-secret' },
    );
    expect((response.body.data?.customerByEmail as { email: string } | null)?.email).toBe(email);

    const line = linesWith(stack, 'graphql request').find(
      (entry) => entry.requestId === 'test-req-secret',
    );
    expect(line).toMatchObject({ operationName: 'CustomerByEmail', variables: ['email'] });
    const raw = stack.rawLogs();
    expect(raw).not.toContain(email);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(stack.emulator.credentials.integration.clientSecret);
    expect(raw.toLowerCase()).not.toContain('bearer');
  });

  it('logs upstream HTTP calls at debug level with the request id: method, path without query, status, duration', async () => {
    await postGraphQL(
      stack,
      { query: '{ customers(first: 3) { nodes { email } } }' },
      { 'x-request-id': 'test-req-upstream' },
    );
    const calls = linesWith(stack, 'upstream request').filter(
      (call) => call.requestId === 'test-req-upstream',
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call).toMatchObject({ level: 20, component: 'upstream', method: 'GET', attempt: 1 });
      expect(call.path).toMatch(/^\/api\/[a-z_/A-Za-z0-9]+$/);
      expect(typeof call.durationMs).toBe('number');
    }
    expect(calls.some((call) => call.path === '/api/customers' && call.status === 200)).toBe(true);
  });

  it('does not log GraphiQL, health or readiness requests as GraphQL requests', async () => {
    const before = linesWith(stack, 'graphql request').length;
    await fetch(`${stack.url}/health`);
    await fetch(`${stack.url}/readiness`);
    const page = await fetch(stack.graphqlUrl, { headers: { accept: 'text/html' } });
    await page.text();
    expect(linesWith(stack, 'graphql request')).toHaveLength(before);
  });
});

describe('unexpected errors', () => {
  it('logs the cause of a masked error, which the client never sees', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', {
      write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { broken: String }',
        resolvers: {
          Query: {
            broken: () => {
              throw new TypeError('internal detail 42');
            },
          },
        },
      }),
      plugins: [useLogging({ logger })],
      logging: false,
    });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'boom-1' },
      body: JSON.stringify({ query: 'query Boom { broken }' }),
    });
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(JSON.stringify(body)).not.toContain('internal detail 42');

    const unexpected = lines.find((line) => line.msg === 'unexpected error');
    expect(unexpected).toMatchObject({
      level: 50,
      requestId: 'boom-1',
      path: 'broken',
      err: { type: 'TypeError', message: 'internal detail 42' },
    });
    expect(lines.find((line) => line.msg === 'graphql request')).toMatchObject({
      level: 50,
      requestId: 'boom-1',
      errorCodes: ['INTERNAL_SERVER_ERROR'],
    });
  });
});
