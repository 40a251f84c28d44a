import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  corsOriginsOf,
  graphiqlOf,
  loadConfig,
  schemaExposureOf,
} from '../../../src/config.ts';
import { SDL_SECRET_HEADER } from '../../../src/plugins/use-sdl-guard.ts';
import { postGraphQL, type ServedStack, serveStack } from '../ops/serve.ts';

/**
 * The settings that relax (or tighten) a request-hygiene default, each over real HTTP on a
 * gateway composed as `src/server.ts` composes it. The defaults themselves are checked on a
 * spawned production gateway in `deployed.test.ts`.
 */

describe('settings: defaults and how they parse', () => {
  it('production turns GraphiQL, introspection and suggestions off; settings turn them back on', () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      CL_BASE_URL: 'https://acme.commercelayer.io/api',
    });
    expect(graphiqlOf(production)).toBe(false);
    expect(schemaExposureOf(production)).toEqual({ introspection: false, fieldSuggestions: false });
    expect(
      graphiqlOf(
        loadConfig({
          NODE_ENV: 'production',
          CL_BASE_URL: 'https://acme.commercelayer.io/api',
          GRAPHIQL: 'on',
        }),
      ),
    ).toBe(true);
    expect(graphiqlOf(loadConfig({}))).toBe(true);
  });

  it('has a 1 MiB body limit, no CORS origin and a loopback metrics listener by default', () => {
    const config = loadConfig({});
    expect(config.MAX_BODY_BYTES).toBe(1_048_576);
    expect(corsOriginsOf(config)).toEqual([]);
    expect(config.METRICS_HOST).toBe('127.0.0.1');
    expect(config.METRICS_PORT).not.toBe(config.PORT);
    expect(config.FEDERATION_SDL_SECRET).toBeUndefined();
  });

  it('reads CORS_ORIGINS as a list of origins and refuses anything else', () => {
    expect(
      corsOriginsOf(loadConfig({ CORS_ORIGINS: 'https://shop.example, http://localhost:3000' })),
    ).toEqual(['https://shop.example', 'http://localhost:3000']);
    for (const wrong of ['shop.example', 'https://shop.example/path', 'ftp://x.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: wrong }), wrong).toThrow(ConfigError);
    }
    expect(() => loadConfig({ FEDERATION_SDL_SECRET: 'short' })).toThrow(/FEDERATION_SDL_SECRET/);
  });
});

describe('relaxations over HTTP', () => {
  let stack: ServedStack;
  let open: ServedStack;

  beforeAll(async () => {
    // Production exposure, with an allow-list, a small body limit and a router secret.
    stack = await serveStack({
      logLevel: 'silent',
      metrics: false,
      gateway: {
        graphiql: false,
        corsOrigins: ['https://shop.example'],
        maxBodyBytes: 10_000,
        sdlSecret: 'router-secret-0123456789',
        limits: { introspection: false, fieldSuggestions: false },
      },
    });
    // `CORS_ORIGINS=*`, GraphiQL on.
    open = await serveStack({
      logLevel: 'silent',
      metrics: false,
      emulator: { customers: 0, seedData: false },
      gateway: { graphiql: true, corsOrigins: ['*'] },
    });
  });

  afterAll(async () => {
    await stack?.close();
    await open?.close();
  });

  it('CORS_ORIGINS: an allowed origin is answered with itself, never with credentials', async () => {
    const preflight = await fetch(stack.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe(null);

    const allowed = await postGraphQL(
      stack,
      { query: '{ __typename }' },
      { origin: 'https://shop.example' },
    );
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe(null);

    const other = await postGraphQL(
      stack,
      { query: '{ __typename }' },
      { origin: 'https://evil.example' },
    );
    expect(other.headers.get('access-control-allow-origin')).toBe(null);
    expect(other.headers.get('access-control-allow-credentials')).toBe(null);
  });

  it('CORS_ORIGINS=*: any origin, never with credentials', async () => {
    const answer = await postGraphQL(
      open,
      { query: '{ __typename }' },
      { origin: 'https://anywhere.example' },
    );
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(answer.headers.get('vary')).toContain('Origin');
    expect(answer.headers.get('access-control-allow-credentials')).toBe(null);
  });

  it('MAX_BODY_BYTES: the limit is the setting', async () => {
    const body = (size: number) =>
      JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(size) } });
    const small = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(9_000),
    });
    expect(small.status).toBe(200);
    const large = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(10_500),
    });
    expect(large.status).toBe(413);
    expect(large.headers.get('connection')).toBe('close');
  });

  it('a GET query without a preflighted header is 403 CSRF_HEADER_REQUIRED (no token: the development gateway)', async () => {
    const url = `${open.graphqlUrl}?query=${encodeURIComponent('{ __typename }')}`;
    const bare = await fetch(url);
    expect(bare.status).toBe(403);
    expect(await bare.json()).toMatchObject({
      errors: [{ extensions: { code: 'CSRF_HEADER_REQUIRED' } }],
    });
    const preflighted = await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(await preflighted.json()).toEqual(
      expect.objectContaining({ data: { __typename: 'Query' } }),
    );
  });

  it('GRAPHIQL: the page is served only when on', async () => {
    const on = await fetch(open.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await on.text()).toContain('customers-gateway');
    const off = await fetch(stack.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(off.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('FEDERATION_SDL_SECRET: _service { sdl } for the router only; introspection on opens it', async () => {
    const refused = await postGraphQL(stack, { query: '{ _service { sdl } }' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    const router = await postGraphQL(
      stack,
      { query: '{ _service { sdl } }' },
      { [SDL_SECRET_HEADER]: 'router-secret-0123456789' },
    );
    expect(JSON.stringify(router.body.data)).toContain('@key');
    const introspectionOn = await postGraphQL(open, { query: '{ _service { sdl } }' });
    expect(JSON.stringify(introspectionOn.body.data)).toContain('@key');
  });

  it('FIELD_SUGGESTIONS on keeps graphql-js suggestions, enum values included', async () => {
    const answer = await postGraphQL(open, {
      query: '{ customers(first: 1, sortKey: CREATED_A) { totalCount } }',
    });
    expect(answer.body.errors?.[0]?.message).toContain('Did you mean the enum value "CREATED_AT"');
  });
});
