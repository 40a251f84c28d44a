import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { createStubApi } from './stub-api.ts';

const JSON_API = 'application/vnd.api+json';

interface Echo {
  method: string;
  segments: string[];
  query: Record<string, string>;
  body: unknown;
  auth: Record<string, unknown>;
  baseUrl: string;
}

function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('HTTP layer (stub JSON:API layer)', () => {
  const stub = createStubApi();
  const errors: unknown[] = [];
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await createEmulator({
      createApi: () => stub,
      rateLimit: false,
      onError: (error) => errors.push(error),
    });
    const response = await fetch(emulator.authUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: emulator.credentials.integration.clientId,
        client_secret: emulator.credentials.integration.clientSecret,
      }),
    });
    token = ((await response.json()) as { access_token: string }).access_token;
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('exposes the seeded demo credentials', () => {
    expect(emulator.credentials).toMatchObject({
      integration: {
        clientId: 'emulator-integration-id',
        clientSecret: 'emulator-integration-secret',
      },
      salesChannel: { clientId: 'emulator-sales-channel-id' },
      customer: { email: 'jane@example.com', password: 'secret' },
      marketScope: 'market:code:europe',
    });
    expect(emulator.apiUrl).toBe(`${emulator.url}/api`);
    expect(emulator.authUrl).toBe(`${emulator.url}/oauth/token`);
  });

  it('hands the JSON:API layer decoded segments, the query, the body, the auth and the base URL', async () => {
    const response = await rawRequest(
      `${emulator.apiUrl}/customers/a%20b/orders?include=customer_group&filter%5Bq%5D%5Bemail_eq%5D=x%40y.z`,
      {
        method: 'PATCH',
        headers: {
          Host: 'gateway.test:9999',
          Accept: JSON_API,
          'Content-Type': JSON_API,
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ data: { type: 'customers', id: 'a b' } }),
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(JSON_API);
    const echo = (JSON.parse(response.body) as { meta: { echo: Echo } }).meta.echo;
    expect(echo).toEqual({
      method: 'PATCH',
      segments: ['customers', 'a b', 'orders'],
      query: { include: 'customer_group', 'filter[q][email_eq]': 'x@y.z' },
      body: { data: { type: 'customers', id: 'a b' } },
      auth: {
        kind: 'integration',
        clientId: 'emulator-integration-id',
        test: true,
        marketIds: [],
      },
      baseUrl: 'http://gateway.test:9999/api',
    });
  });

  it('passes the owner and markets of a customer token', async () => {
    const tokenResponse = await fetch(emulator.authUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: emulator.credentials.salesChannel.clientId,
        username: 'jane@example.com',
        password: 'secret',
        scope: 'market:code:europe',
      }),
    });
    const { access_token: customerToken } = (await tokenResponse.json()) as {
      access_token: string;
    };
    const response = await fetch(`${emulator.apiUrl}/customers/CustJane01`, {
      headers: { Accept: JSON_API, Authorization: `Bearer ${customerToken}` },
    });
    const echo = ((await response.json()) as { meta: { echo: Echo } }).meta.echo;
    expect(echo.auth).toEqual({
      kind: 'sales_channel',
      clientId: 'emulator-sales-channel-id',
      test: true,
      marketIds: ['MarketEu01'],
      ownerCustomerId: 'CustJane01',
    });
    expect(echo.body).toBeNull();
  });

  it('answers 204 without a body for DELETE', async () => {
    const response = await fetch(`${emulator.apiUrl}/customers/x`, {
      method: 'DELETE',
      headers: { Accept: JSON_API, Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(response.headers.get('x-request-id')).not.toBeNull();
  });

  it('answers 500 in Commerce Layer shape when the JSON:API layer throws', async () => {
    const response = await fetch(`${emulator.apiUrl}/boom`, {
      headers: { Accept: JSON_API, Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      errors: [{ code: 'INTERNAL_SERVER_ERROR', status: '500' }],
    });
    expect(errors).toHaveLength(1);
  });

  it('answers 404 outside /api, /oauth and /_emulator', async () => {
    const response = await fetch(`${emulator.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).not.toBeNull();
  });

  it('answers 400 for a path with broken percent-encoding, 405 for GET /oauth/token', async () => {
    const broken = await fetch(`${emulator.apiUrl}/customers/%E0%A4%A`, {
      headers: { Accept: JSON_API, Authorization: `Bearer ${token}` },
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ errors: [{ code: 'BAD_REQUEST', status: '400' }] });
    const wrongMethod = await fetch(emulator.authUrl);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('keeps connections alive between requests', async () => {
    const first = await rawRequest(`${emulator.url}/.well-known/jwks.json`, {});
    expect(first.headers.connection).toBe('keep-alive');
    expect(JSON.parse(first.body)).toMatchObject({ keys: [{ kty: 'RSA', alg: 'RS512' }] });
  });
});
