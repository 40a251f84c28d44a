import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenManager, decodeJwtPayload } from '../../../src/upstream/token.ts';
import {
  type JsonApiTestServer,
  makeJwt,
  startJsonApiTestServer,
} from '../../helpers/json-api-test-server.ts';

let server: JsonApiTestServer;
beforeAll(async () => {
  server = await startJsonApiTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

function tokenAnswer(token: string, expiresIn: number) {
  return {
    headers: { 'content-type': 'application/json' },
    body: { access_token: token, token_type: 'bearer', expires_in: expiresIn },
  };
}

describe('createTokenManager', () => {
  it('reuses the token until the refresh margin before expires_in, then fetches a new one', async () => {
    let clock = 1_000_000;
    server.on('POST /oauth/token', tokenAnswer('first', 100), tokenAnswer('second', 100));
    const tokens = createTokenManager({
      authUrl: server.authUrl,
      clientId: 'id',
      timeoutMs: 500,
      refreshMarginMs: 10_000,
      now: () => clock,
    });

    expect(await tokens.get()).toBe('first');
    clock += 89_000;
    expect(await tokens.get()).toBe('first');
    clock += 1_000;
    expect(await tokens.get()).toBe('second');
    expect(server.tokenRequests()).toHaveLength(2);
    expect(tokens.fetchCount).toBe(2);
  });

  it('uses the JWT exp when it is sooner than expires_in', async () => {
    let clock = 1_700_000_000_000;
    const token = makeJwt({ exp: 1_700_000_000 + 30 });
    server.on('POST /oauth/token', tokenAnswer(token, 7200), tokenAnswer('later', 7200));
    const tokens = createTokenManager({
      authUrl: server.authUrl,
      clientId: 'id',
      timeoutMs: 500,
      refreshMarginMs: 0,
      now: () => clock,
    });

    expect(await tokens.get()).toBe(token);
    clock += 31_000;
    expect(tokens.peek()).toBeUndefined();
    expect(await tokens.get()).toBe('later');
  });

  it('omits client_secret and scope when not configured', async () => {
    const tokens = createTokenManager({ authUrl: server.authUrl, clientId: 'sc', timeoutMs: 500 });
    await tokens.get();
    expect(server.tokenRequests()[0]?.body).toEqual({
      grant_type: 'client_credentials',
      client_id: 'sc',
    });
  });

  it('invalidates only the token it was told about', async () => {
    server.on('POST /oauth/token', tokenAnswer('one', 7200), tokenAnswer('two', 7200));
    const tokens = createTokenManager({ authUrl: server.authUrl, clientId: 'id', timeoutMs: 500 });

    expect(await tokens.get()).toBe('one');
    tokens.invalidate('stale-token');
    expect(tokens.peek()).toBe('one');
    tokens.invalidate('one');
    expect(tokens.peek()).toBeUndefined();
    expect(await tokens.get()).toBe('two');
  });

  it('retries the token request once on 503', async () => {
    server.on('POST /oauth/token', { status: 503 }, tokenAnswer('ok', 7200));
    const tokens = createTokenManager({ authUrl: server.authUrl, clientId: 'id', timeoutMs: 500 });
    expect(await tokens.get()).toBe('ok');
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it('fails with UPSTREAM_BAD_RESPONSE when the answer has no access_token', async () => {
    server.on('POST /oauth/token', { headers: { 'content-type': 'application/json' }, body: {} });
    const tokens = createTokenManager({ authUrl: server.authUrl, clientId: 'id', timeoutMs: 500 });
    await expect(tokens.get()).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      path: 'oauth/token',
    });
  });
});

describe('decodeJwtPayload', () => {
  it('decode the payload of a bare or Bearer token without verifying it', () => {
    const token = makeJwt({ application: { kind: 'webapp' }, exp: 1 });
    expect(decodeJwtPayload(token)).toEqual({ application: { kind: 'webapp' }, exp: 1 });
    expect(decodeJwtPayload(`bearer ${token}`)).toEqual({
      application: { kind: 'webapp' },
      exp: 1,
    });
  });

  it('return undefined for anything that is not a JWT with a JSON object payload', () => {
    expect(decodeJwtPayload('opaque')).toBeUndefined();
    expect(decodeJwtPayload('a.b.c')).toBeUndefined();
    expect(decodeJwtPayload(`x.${Buffer.from('[1]').toString('base64url')}.y`)).toBeUndefined();
  });
});
