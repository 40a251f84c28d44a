/**
 * Authentication for in-process benchmarks that have no emulator to mint tokens: a local RS512 key,
 * a token signed with it in Commerce Layer's claim shape, and a verifier over that key. The
 * gateway then verifies a real signature per request (the first time; later requests hit the
 * verifier's cache, as in production).
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier } from '../src/auth/verify.ts';
import type { GatewayAuthOptions } from '../src/yoga.ts';

export async function benchAuth(): Promise<{ auth: GatewayAuthOptions; authorization: string }> {
  const { privateKey, publicKey } = await generateKeyPair('RS512');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS512' };
  const token = await new SignJWT({
    organization: { id: 'BenchOrg', slug: 'bench' },
    application: { id: 'BenchApp', client_id: 'bench', kind: 'integration' },
    test: true,
  })
    .setProtectedHeader({ alg: 'RS512', kid: 'bench' })
    .setIssuer('https://auth.commercelayer.io')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return {
    auth: {
      verifier: createTokenVerifier({
        jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json',
        organization: 'bench',
        keySet: createLocalJWKSet({ keys: [jwk] }),
      }),
      anonymous: 'refuse',
    },
    authorization: `Bearer ${token}`,
  };
}
