import { connect } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployedGateway, startDeployed } from '../../helpers/deployed.ts';

const CUSTOMERS = '{ customers(first: 2) { totalCount nodes { id email } } }';

let gateway: DeployedGateway;

beforeAll(async () => {
  gateway = await startDeployed();
}, 60_000);

afterAll(async () => {
  await gateway?.close();
});

/** Sends raw header lines over a socket (Fetch cannot repeat a header): status and body. */
function rawPost(
  url: string,
  headers: [string, string][],
  body: string,
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => {
      const lines = [
        `POST ${target.pathname} HTTP/1.1`,
        `Host: ${target.host}`,
        ...headers.map(([name, value]) => `${name}: ${value}`),
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const json = /\{"errors"[\s\S]*\}/.exec(text)?.[0] ?? '{}';
      resolve({ status, body: json });
    });
  });
}

function expectUnauthenticated(
  result: {
    status: number;
    headers?: Headers;
    body: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
  },
  reason: string,
) {
  expect(result.status).toBe(401);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
  if (result.headers) {
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer /);
  }
}

describe('who the caller is (deployed: NODE_ENV=production, CL_BASE_URL set)', () => {
  it('refuses a request without Authorization with 401 and makes no upstream request, token endpoint included', async () => {
    const since = gateway.mark();
    const result = await gateway.post(CUSTOMERS);
    expectUnauthenticated(result, 'missing');
    expect(gateway.upstreamRequests(since)).toBe(0);
  });

  it('refuses another scheme, an empty bearer and an empty header', async () => {
    const since = gateway.mark();
    const integration = await gateway.integrationToken();
    const after = gateway.mark();
    for (const [authorization, reason] of [
      [`Basic ${Buffer.from('a:b').toString('base64')}`, 'scheme'],
      ['Bearer', 'scheme'],
      ['Bearer ', 'scheme'],
      [`Token ${integration}`, 'scheme'],
      ['', 'missing'],
    ] as const) {
      const result = await gateway.post(CUSTOMERS, { headers: { authorization } });
      expectUnauthenticated(result, reason);
    }
    expect(gateway.upstreamRequests(after)).toBe(0);
    expect(since).toBeLessThan(after);
  });

  it('refuses a repeated Authorization header, even an empty one followed by a valid token', async () => {
    const customer = await gateway.customerToken();
    const since = gateway.mark();
    const body = JSON.stringify({ query: CUSTOMERS });
    for (const headers of [
      [
        ['authorization', ''],
        ['authorization', `Bearer ${customer}`],
      ],
      [
        ['authorization', `Bearer ${customer}`],
        ['authorization', `Bearer ${customer}`],
      ],
    ] as [string, string][][]) {
      const result = await rawPost(gateway.graphqlUrl, headers, body);
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body).errors[0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'repeated',
      });
    }
    expect(gateway.upstreamRequests(since)).toBe(0);
  });

  it('refuses a forged token (same claims, another key) and an alg=none token with 0 upstream requests', async () => {
    const genuine = await gateway.integrationToken();
    const claims = JSON.parse(Buffer.from(genuine.split('.')[1]!, 'base64url').toString());
    const { privateKey, publicKey } = await generateKeyPair('RS512');
    const kid = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString()).kid;
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS512', kid })
      .sign(privateKey);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${genuine.split('.')[1]}.`;
    expect((await exportJWK(publicKey)).kty).toBe('RSA');
    const since = gateway.mark();
    expectUnauthenticated(
      await gateway.post(CUSTOMERS, { headers: { authorization: `Bearer ${forged}` } }),
      'signature',
    );
    expectUnauthenticated(
      await gateway.post(CUSTOMERS, { headers: { authorization: `Bearer ${none}` } }),
      'malformed',
    );
    // A tampered payload under the genuine signature.
    const tampered = [
      genuine.split('.')[0],
      Buffer.from(JSON.stringify({ ...claims, owner: { id: 'x', type: 'Customer' } })).toString(
        'base64url',
      ),
      genuine.split('.')[2],
    ].join('.');
    expectUnauthenticated(
      await gateway.post(CUSTOMERS, { headers: { authorization: `Bearer ${tampered}` } }),
      'signature',
    );
    // Only the key set may have been fetched (once); no Core API or token request.
    expect(gateway.emulator.requestLog.count({ since, pathPrefix: '/api' })).toBe(0);
    expect(gateway.emulator.requestLog.count({ since, pathPrefix: '/oauth' })).toBe(0);
  });

  it('refuses an expired token', async () => {
    // Minted 3 hours in the past by the emulator's own key: a genuine but expired token.
    const clock = gateway.emulator.clock;
    const before = clock.offsetMs;
    clock.advance(-3 * 60 * 60 * 1000);
    let expired: string;
    try {
      expired = await gateway.integrationToken();
    } finally {
      clock.reset();
      if (before !== 0) {
        clock.advance(before);
      }
    }
    const since = gateway.mark();
    expectUnauthenticated(
      await gateway.post(CUSTOMERS, { headers: { authorization: `Bearer ${expired}` } }),
      'expired',
    );
    expect(gateway.upstreamRequests(since)).toBe(0);
  });

  it("runs a verified caller's operation with the caller's own token, never the gateway's", async () => {
    const integration = await gateway.integrationToken();
    const since = gateway.mark();
    const result = await gateway.post(CUSTOMERS, {
      headers: { authorization: `Bearer ${integration}` },
    });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data!.customers as { totalCount: number }).totalCount).toBe(10);
    const calls = gateway.emulator.requestLog.entries({ since, pathPrefix: '/api/' });
    expect(calls.length).toBe(1);
    expect(calls[0]!.tokenKind).toBe('integration');
    // No token request: the gateway did not fetch its own credential for a caller.
    expect(gateway.emulator.requestLog.count({ since, pathPrefix: '/oauth/' })).toBe(0);
  });

  it('keeps UNAUTHENTICATED (fetch a new token) and FORBIDDEN (valid token, no right) apart', async () => {
    const guest = await gateway.salesChannelToken();
    const result = await gateway.post(CUSTOMERS, { headers: { authorization: `Bearer ${guest}` } });
    expect(result.status).toBe(200);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('returns the password-reset token only to a verified integration token', async () => {
    const email = gateway.emulator.credentials.customer.email;
    const mutation = `mutation ($email: String!) { customerPasswordResetRequest(email: $email) { passwordReset { id token } userErrors { code } } }`;
    const integration = await gateway.integrationToken();
    const customer = await gateway.customerToken();
    const guest = await gateway.salesChannelToken();
    const asIntegration = await gateway.post(mutation, {
      headers: { authorization: `Bearer ${integration}` },
      variables: { email },
    });
    const reset = (
      asIntegration.body.data!.customerPasswordResetRequest as {
        passwordReset: { token: string | null };
      }
    ).passwordReset;
    expect(reset.token).toMatch(/\S{8,}/);
    for (const token of [customer, guest]) {
      const result = await gateway.post(mutation, {
        headers: { authorization: `Bearer ${token}` },
        variables: { email },
      });
      const payload = result.body.data?.customerPasswordResetRequest as {
        passwordReset: { token: string | null } | null;
      } | null;
      expect(payload?.passwordReset?.token ?? null).toBeNull();
      expect(JSON.stringify(result.body)).not.toContain(reset.token);
    }
    const anonymous = await gateway.post(mutation, { variables: { email } });
    expect(anonymous.status).toBe(401);
  });

  it('never writes a token, an email or a variable value to its log', async () => {
    const output = gateway.output();
    const integration = await gateway.integrationToken();
    expect(output).not.toContain(integration.slice(-20));
    expect(output).not.toContain(gateway.emulator.credentials.customer.email);
    expect(output).not.toContain(gateway.emulator.credentials.customer.password);
    expect(output).toContain('request refused: not authenticated');
  });
});

describe('anonymous callers with the gateway credential (explicit opt-in)', () => {
  it('is refused at start with NODE_ENV=production unless the risk is acknowledged', async () => {
    await expect(startDeployed({ env: { ALLOW_ANONYMOUS: 'true' } })).rejects.toThrow(
      /exited with 2[\s\S]*ALLOW_ANONYMOUS/,
    );
  }, 60_000);

  it('serves anonymous callers with a warning at start once acknowledged, and never hands them a reset token', async () => {
    const open = await startDeployed({
      env: { ALLOW_ANONYMOUS: 'true', ALLOW_ANONYMOUS_IN_PRODUCTION: 'true' },
    });
    try {
      expect(open.output()).toMatch(/"level":40[^\n]*ALLOW_ANONYMOUS/);
      const result = await open.post(CUSTOMERS);
      expect(result.status).toBe(200);
      expect((result.body.data!.customers as { totalCount: number }).totalCount).toBe(10);
      const reset = await open.post(
        `mutation ($email: String!) { customerPasswordResetRequest(email: $email) { passwordReset { token } } }`,
        { variables: { email: open.emulator.credentials.customer.email } },
      );
      const payload = reset.body.data!.customerPasswordResetRequest as {
        passwordReset: { token: string | null };
      };
      expect(payload.passwordReset.token).toBeNull();
    } finally {
      await open.close();
    }
  }, 60_000);
});

describe('settings that would be unsafe', () => {
  it('refuses NODE_ENV=production without CL_BASE_URL (exit 2, naming the setting)', async () => {
    await expect(startDeployed({ env: { CL_BASE_URL: '', CL_ORGANIZATION: '' } })).rejects.toThrow(
      /exited with 2[\s\S]*CL_BASE_URL: required with NODE_ENV=production/,
    );
  }, 60_000);

  it('refuses a deployed gateway whose organisation cannot be told', async () => {
    await expect(startDeployed({ env: { CL_ORGANIZATION: '' } })).rejects.toThrow(
      /exited with 2[\s\S]*CL_ORGANIZATION/,
    );
  }, 60_000);

  it('refuses tokens of another organisation than the configured one', async () => {
    const other = await startDeployed({ env: { CL_ORGANIZATION: 'someone-else' } });
    try {
      const token = await other.integrationToken();
      const since = other.mark();
      expectUnauthenticated(
        await other.post(CUSTOMERS, { headers: { authorization: `Bearer ${token}` } }),
        'organization',
      );
      expect(other.emulator.requestLog.count({ since, pathPrefix: '/api' })).toBe(0);
    } finally {
      await other.close();
    }
  }, 60_000);
});
