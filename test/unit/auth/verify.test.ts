import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenVerifier,
  KeySetUnavailableError,
  organizationOfBaseUrl,
  TokenRejectedError,
} from '../../../src/auth/verify.ts';

let privateKey: CryptoKey;
let jwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('RS512');
  privateKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS512', use: 'sig' };
});

const NOW = 1_800_000_000_000;

function claims(overrides: Record<string, unknown> = {}) {
  return {
    organization: { id: 'o1', slug: 'acme', enterprise: false, region: 'eu-west-1' },
    application: { id: 'app1', client_id: 'cid', kind: 'sales_channel', public: true },
    market: { id: ['m1', 'm2'], stock_location_ids: [] },
    owner: { id: 'cust1', type: 'Customer' },
    scope: 'market:code:europe',
    test: true,
    rand: 0.5,
    ...overrides,
  };
}

async function sign(
  payload: Record<string, unknown>,
  options: { exp?: number; iss?: string } = {},
) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS512', kid: 'k1' })
    .setIssuer(options.iss ?? 'https://auth.commercelayer.io')
    .setIssuedAt(Math.floor(NOW / 1000) - 60)
    .setExpirationTime(options.exp ?? Math.floor(NOW / 1000) + 3600)
    .sign(privateKey);
}

function verifier(organization = 'acme') {
  return createTokenVerifier({
    jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json',
    organization,
    keySet: createLocalJWKSet({ keys: [jwk] }),
    now: () => NOW,
  });
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return (error as TokenRejectedError).reason;
}

describe('createTokenVerifier', () => {
  it('turns a verified customer token into a Caller from its claims', async () => {
    const token = await sign(claims());
    const caller = await verifier().verify(token);
    expect(caller).toMatchObject({
      kind: 'customer',
      applicationId: 'app1',
      clientId: 'cid',
      organizationSlug: 'acme',
      ownerId: 'cust1',
      ownerType: 'Customer',
      marketIds: ['m1', 'm2'],
      test: true,
      token,
    });
    expect(caller.expiresAt).toBe((Math.floor(NOW / 1000) + 3600) * 1000);
  });

  it('reads integration and guest tokens by application kind', async () => {
    const integration = await sign(
      claims({ owner: undefined, application: { id: 'a', kind: 'integration' } }),
    );
    const guest = await sign(claims({ owner: undefined }));
    expect((await verifier().verify(integration)).kind).toBe('integration');
    expect((await verifier().verify(guest)).kind).toBe('sales_channel');
  });

  it('refuses another organisation, another issuer, an expired token and missing claims', async () => {
    expect(await rejection(verifier('other').verify(await sign(claims())))).toBe('organization');
    expect(
      await rejection(verifier().verify(await sign(claims(), { iss: 'https://evil.example' }))),
    ).toBe('issuer');
    expect(
      await rejection(
        verifier().verify(await sign(claims(), { exp: Math.floor(NOW / 1000) - 120 })),
      ),
    ).toBe('expired');
    expect(await rejection(verifier().verify(await sign(claims({ application: undefined }))))).toBe(
      'claims',
    );
    expect(await rejection(verifier().verify(await sign(claims({ organization: 'acme' }))))).toBe(
      'claims',
    );
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion) and garbage', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const confused = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer('https://auth.commercelayer.io')
      .setExpirationTime(Math.floor(NOW / 1000) + 3600)
      .sign(secret);
    expect(await rejection(verifier().verify(confused))).toBe('malformed');
    expect(await rejection(verifier().verify('a.b.c'))).toBe('malformed');
    expect(await rejection(verifier().verify('not-a-jwt'))).toBe('malformed');
  });

  it('refuses a signature by an unknown key', async () => {
    const other = await generateKeyPair('RS512');
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS512', kid: 'k1' })
      .setIssuer('https://auth.commercelayer.io')
      .setExpirationTime(Math.floor(NOW / 1000) + 3600)
      .sign(other.privateKey);
    expect(await rejection(verifier().verify(token))).toBe('signature');
  });

  it('says the key set is unavailable (not the caller at fault) when it cannot be fetched', async () => {
    const unreachable = createTokenVerifier({
      jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json',
      organization: 'acme',
      jwksTimeoutMs: 500,
      now: () => NOW,
    });
    await expect(unreachable.verify(await sign(claims()))).rejects.toBeInstanceOf(
      KeySetUnavailableError,
    );
  });
});

describe('organizationOfBaseUrl', () => {
  it('reads the slug of a Commerce Layer API URL and nothing else', () => {
    expect(organizationOfBaseUrl('https://acme.commercelayer.io/api')).toBe('acme');
    expect(organizationOfBaseUrl('https://ACME-eu.commercelayer.io/api')).toBe('acme-eu');
    expect(organizationOfBaseUrl('http://127.0.0.1:4001/api')).toBeUndefined();
    expect(organizationOfBaseUrl('https://acme.commercelayer.io.evil.example/api')).toBeUndefined();
  });
});
