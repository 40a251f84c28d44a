import { fileURLToPath } from 'node:url';
import { type ExecutionResult, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, schemaExposureOf } from '../../../src/config.ts';
import { loadTrustedDocuments } from '../../../src/plugins/use-trusted-documents.ts';
import { createGateway } from '../../../src/yoga.ts';
import { CustomerIdsDocument } from '../../__generated__/graphql.ts';
import { emulatorAuth } from '../../helpers/auth.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;
let development: ReturnType<typeof createGateway>;
let production: ReturnType<typeof createGateway>;

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 5 } });
  development = createGateway({ upstream: stack.upstream, auth: emulatorAuth(stack.emulator) });
  const config = loadConfig({
    NODE_ENV: 'production',
    CL_BASE_URL: 'https://acme.commercelayer.io/api',
  });
  production = createGateway({
    upstream: stack.upstream,
    auth: emulatorAuth(stack.emulator),
    maxQueryCost: config.MAX_QUERY_COST,
    limits: {
      maxDepth: config.MAX_DEPTH,
      maxAliases: config.MAX_ALIASES,
      maxDirectives: config.MAX_DIRECTIVES,
      maxTokens: config.MAX_TOKENS,
      ...schemaExposureOf(config),
    },
  });
});

afterAll(async () => {
  await stack.close();
});

async function run(gateway: ReturnType<typeof createGateway>, query: string) {
  const since = stack.emulator.requestLog.lastSeq;
  const response = await gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as ExecutionResult;
  const upstreamRequests = stack.emulator.requestLog.count({ since, pathPrefix: '/api/' });
  return { ...body, upstreamRequests, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

describe('query bombs are refused before any upstream call', () => {
  it('refuses a depth bomb (QUERY_TOO_DEEP)', async () => {
    const nested = `${'jwtCustomer { '.repeat(10)}email${' }'.repeat(10)}`;
    const result = await run(development, `{ customers(first: 1) { nodes { ${nested} } } }`);
    expect(result.codes).toContain('QUERY_TOO_DEEP');
    expect(result.errors?.[0]?.message).toContain('depth limit of 8');
    expect(result.data).toBeUndefined();
    expect(result.upstreamRequests).toBe(0);
  });

  it('refuses a depth bomb hidden in fragments', async () => {
    const fragments = Array.from(
      { length: 10 },
      (_, i) => `fragment F${i} on Customer { jwtCustomer { ...F${i + 1} } }`,
    ).join('\n');
    const result = await run(
      development,
      `{ customers(first: 1) { nodes { ...F0 } } }\n${fragments}\nfragment F10 on Customer { email }`,
    );
    expect(result.codes).toContain('QUERY_TOO_DEEP');
    expect(result.upstreamRequests).toBe(0);
  });

  it('refuses an alias bomb (TOO_MANY_ALIASES)', async () => {
    const aliases = Array.from(
      { length: 20 },
      (_, i) => `a${i}: customers(first: 1) { totalCount }`,
    );
    const result = await run(development, `{ ${aliases.join(' ')} }`);
    expect(result.codes).toContain('TOO_MANY_ALIASES');
    expect(result.upstreamRequests).toBe(0);
  });

  it('refuses a directive bomb (TOO_MANY_DIRECTIVES)', async () => {
    const result = await run(
      development,
      `{ customers(first: 1) { totalCount ${'@include(if: true) '.repeat(60)} } }`,
    );
    expect(result.codes).toContain('TOO_MANY_DIRECTIVES');
    expect(result.upstreamRequests).toBe(0);
  });

  it('refuses a token bomb (QUERY_TOO_LARGE)', async () => {
    const result = await run(
      development,
      `{ customers(first: 1) { ${'totalCount '.repeat(2_100)} } }`,
    );
    expect(result.codes).toContain('QUERY_TOO_LARGE');
    expect(result.upstreamRequests).toBe(0);
  });

  it('runs an ordinary operation under every limit', async () => {
    const result = await run(
      development,
      '{ a: customers(first: 2) { nodes { email customerGroup { name } } } b: customerGroups(first: 1) { totalCount } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.upstreamRequests).toBe(2);
  });
});

describe('introspection and field suggestions', () => {
  it('are on by default (development)', async () => {
    const introspection = await run(development, '{ __schema { queryType { name } } }');
    expect(introspection.errors).toBeUndefined();
    const typo = await run(development, '{ customers(first: 1) { totalCont } }');
    expect(typo.errors?.[0]?.message).toContain('Did you mean');
  });

  it('are off with NODE_ENV=production', async () => {
    expect(
      schemaExposureOf(
        loadConfig({ NODE_ENV: 'production', CL_BASE_URL: 'https://acme.commercelayer.io/api' }),
      ),
    ).toEqual({
      introspection: false,
      fieldSuggestions: false,
    });
    const introspection = await run(production, '{ __schema { queryType { name } } }');
    expect(introspection.codes).toEqual(['INTROSPECTION_DISABLED']);
    expect(introspection.data).toBeUndefined();
    const type = await run(production, '{ __type(name: "Customer") { name } }');
    expect(type.codes).toEqual(['INTROSPECTION_DISABLED']);
    const typo = await run(production, '{ customers(first: 1) { totalCont } }');
    expect(typo.errors?.[0]?.message).not.toContain('Did you mean');
    expect(typo.errors?.[0]?.message).not.toContain('totalCount');
  });

  it('still answer __typename in production, but not _service { sdl } (introspection by another name)', async () => {
    const typename = await run(production, '{ __typename }');
    expect(typename.errors).toBeUndefined();
    expect(typename.data).toEqual({ __typename: 'Query' });
    const service = await run(production, '{ _service { sdl } }');
    expect(service.codes).toEqual(['INTROSPECTION_DISABLED']);
    expect(JSON.stringify(service)).not.toContain('@key');
    const open = await run(development, '{ __typename _service { sdl } }');
    expect((open.data as { _service: { sdl: string } })._service.sdl).toContain('@key');
  });

  it('can be switched on in production', () => {
    expect(
      schemaExposureOf(
        loadConfig({
          NODE_ENV: 'production',
          CL_BASE_URL: 'https://acme.commercelayer.io/api',
          INTROSPECTION: 'on',
          FIELD_SUGGESTIONS: 'true',
        }),
      ),
    ).toEqual({ introspection: true, fieldSuggestions: true });
  });
});

describe('trusted documents (TRUSTED_DOCUMENTS)', () => {
  let trusted: ReturnType<typeof createGateway>;

  beforeAll(async () => {
    const documents = await loadTrustedDocuments(
      fileURLToPath(new URL('../../__generated__/persisted-documents.json', import.meta.url)),
    );
    trusted = createGateway({
      upstream: stack.upstream,
      trustedDocuments: documents,
      auth: emulatorAuth(stack.emulator),
    });
  });

  async function send(gateway: ReturnType<typeof createGateway>, body: Record<string, unknown>) {
    const since = stack.emulator.requestLog.lastSeq;
    const response = await gateway.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as ExecutionResult<{
      customers: { totalCount: number; edges: unknown[] };
    }>;
    return {
      ...result,
      status: response.status,
      codes: (result.errors ?? []).map((e) => e.extensions?.code),
      upstreamRequests: stack.emulator.requestLog.count({ since, pathPrefix: '/api/' }),
    };
  }

  const hash = (CustomerIdsDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;

  it('runs a listed document by documentId', async () => {
    const result = await send(trusted, { documentId: hash, variables: { first: 2 } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.edges).toHaveLength(2);
    expect(result.upstreamRequests).toBe(1);
  });

  it("runs a listed document by Apollo's persistedQuery hash", async () => {
    const result = await send(trusted, {
      variables: { first: 1 },
      extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace('sha256:', '') } },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers!.edges).toHaveLength(1);
  });

  it('refuses a query text, even one that is listed, before any upstream call', async () => {
    const result = await send(trusted, {
      query: print(CustomerIdsDocument),
      variables: { first: 1 },
    });
    expect(result.codes).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    expect(result.status).toBe(400);
    expect(result.upstreamRequests).toBe(0);
  });

  it('refuses an unknown document id', async () => {
    const result = await send(trusted, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(result.codes).toEqual(['TRUSTED_DOCUMENT_NOT_FOUND']);
    expect(result.upstreamRequests).toBe(0);
  });

  it('accepts any document when off (the default)', async () => {
    const result = await send(development, { query: '{ customers(first: 1) { totalCount } }' });
    expect(result.errors).toBeUndefined();
  });
});
