import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployedGateway, startDeployed } from '../../helpers/deployed.ts';

let gateway: DeployedGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gateway = await startDeployed();
  auth = { authorization: `Bearer ${await gateway.integrationToken()}` };
}, 60_000);

afterAll(async () => {
  await gateway?.close();
});

/** Runs an operation as the integration and returns its first error, checking 0 upstream requests. */
async function refusedBeforeUpstream(query: string, variables?: Record<string, unknown>) {
  const since = gateway.mark();
  const result = await gateway.post(query, { headers: auth, ...(variables ? { variables } : {}) });
  // Core API and token endpoint (the key set may be fetched once per process: not per request).
  expect(gateway.emulator.requestLog.count({ since, pathPrefix: '/api' })).toBe(0);
  expect(gateway.emulator.requestLog.count({ since, pathPrefix: '/oauth' })).toBe(0);
  return result.body;
}

const CREATE = `mutation ($input: CustomerCreateInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field code message } }
}`;

describe('list arguments are bounded before any processing (deployed gateway)', () => {
  it('refuses 101 ids in a where filter, as a literal and as a variable', async () => {
    const ids = Array.from({ length: 101 }, (_, index) => `id${index}`);
    const literal = await refusedBeforeUpstream(
      `{ customers(first: 1, where: { id: { in: ${JSON.stringify(ids)} } }) { totalCount } }`,
    );
    expect(literal.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'where.id.in',
    });
    const variable = await refusedBeforeUpstream(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids },
    );
    expect(variable.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: '$ids',
    });
  });

  it('refuses 101 tags, and 11 distinct tags with a user error, before any request', async () => {
    const mutation = `mutation ($tags: [String!]!) {
      customerTagsAdd(id: "x", tags: $tags) { userErrors { code } }
    }`;
    const many = await refusedBeforeUpstream(mutation, {
      tags: Array.from({ length: 101 }, (_, index) => `t${index}`),
    });
    expect(many.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses 251 federation representations', async () => {
    const representations = Array.from({ length: 251 }, (_, index) => ({
      __typename: 'Customer',
      id: `id${index}`,
    }));
    const body = await refusedBeforeUpstream(
      'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: representations },
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: '$r' });
  });

  it('refuses metadata with more than 100 keys, and strings longer than 65 536 characters', async () => {
    const metadata = Object.fromEntries(
      Array.from({ length: 101 }, (_, index) => [`k${index}`, index]),
    );
    const keys = await refusedBeforeUpstream(
      `mutation ($m: JSONObject!) { customerMetadataMerge(id: "x", metadata: $m) { userErrors { code } } }`,
      { m: metadata },
    );
    const payload = keys.data?.customerMetadataMerge as { userErrors: { code: string }[] } | null;
    expect(payload?.userErrors[0]?.code ?? keys.errors?.[0]?.extensions?.code).toMatch(
      /TOO_LONG|BAD_USER_INPUT/,
    );
    const long = await refusedBeforeUpstream(
      '{ customers(first: 1, where: { email: { contains: "__" } }) { totalCount } }'.replace(
        '__',
        'a'.repeat(65_537),
      ),
    );
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a filter whose upstream URL would be too long as BAD_USER_INPUT, never sent', async () => {
    const emails = Array.from({ length: 100 }, (_, index) => `${'x'.repeat(90)}${index}@mail.test`);
    const body = await refusedBeforeUpstream(
      'query ($e: [String!]) { customers(first: 1, where: { email: { in: $e } }) { totalCount } }',
      { e: emails },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).not.toMatch(/retry/i);
  });
});

describe('control characters and bidi overrides', () => {
  it.each([
    ['NUL', 'a\u0000b@mail.test'],
    ['bidi override', 'a\u202eb@mail.test'],
    ['bell', 'a\u0007b@mail.test'],
  ])('refuses an email with %s before any request', async (_name, email) => {
    const body = await refusedBeforeUpstream(CREATE, { input: { email } });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an email with a tab or line break as an INVALID user error', async () => {
    const body = await refusedBeforeUpstream(CREATE, { input: { email: 'a\tb@mail.test' } });
    const payload = body.data?.customerCreate as {
      userErrors: { code: string; field: string[] }[];
    };
    expect(payload.userErrors[0]).toMatchObject({ code: 'INVALID' });
  });

  it('refuses tag names and metadata keys with control or bidi characters', async () => {
    const tags = await refusedBeforeUpstream(
      'mutation ($t: [String!]!) { customerTagsAdd(id: "x", tags: $t) { userErrors { code } } }',
      { t: ['vip\u2066'] },
    );
    expect(tags.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const key = await refusedBeforeUpstream(
      'mutation ($m: JSONObject!) { customerMetadataMerge(id: "x", metadata: $m) { userErrors { code } } }',
      { m: { 'a\u0000': 1 } },
    );
    expect(key.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const newline = await refusedBeforeUpstream(
      'mutation ($m: JSONObject!) { customerMetadataMerge(id: "x", metadata: $m) { userErrors { code } } }',
      { m: { 'a\nb': 1 } },
    );
    const payload = newline.data?.customerMetadataMerge as { userErrors: { code: string }[] };
    expect(payload.userErrors[0]?.code).toBe('INVALID');
  });
});

describe('documents are data, never code (queries run compiled by graphql-jit)', () => {
  it('answers aliases named like Object.prototype members as plain keys', async () => {
    const result = await gateway.post(
      `{ customers(first: 10) { nodes {
        email __proto__: customerGroup { name } constructor: email toString: tags { name } group: customerGroup { name }
      } } }`,
      { headers: auth },
    );
    expect(result.body.errors).toBeUndefined();
    const customers = result.body.data?.customers as { nodes: Record<string, unknown>[] };
    const nodes = customers.nodes;
    expect(nodes.some((node) => node.group !== null)).toBe(true);
    for (const node of nodes) {
      expect(Object.getOwnPropertyDescriptor(node, '__proto__')?.value).toEqual(node.group);
      expect(node.constructor).toBe(node.email);
      expect(Array.isArray(node.toString)).toBe(true);
    }
  });

  it('keeps string literals and variable defaults that would break generated code as values', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the payload.
    const hostile = '"); process.exit(1); //\u2028\\`${process.pid}`</script>*/';
    const since = gateway.mark();
    const result = await gateway.post(
      `query ($e: String = ${JSON.stringify(hostile)}) {
        byDefault: customers(first: 1, where: { email: { eq: $e } }) { totalCount }
        byLiteral: customers(first: 1, where: { email: { eq: ${JSON.stringify(hostile)} } }) { totalCount }
      }`,
      { headers: auth },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      byDefault: { totalCount: 0 },
      byLiteral: { totalCount: 0 },
    });
    // The value reached Commerce Layer's filter as it was written, twice.
    const sent = gateway.emulator.requestLog
      .entries({ since })
      .filter((entry) => entry.path === '/api/customers')
      .map((entry) => entry.query['filter[q][email_eq]']);
    expect(sent).toEqual([hostile, hostile]);
    expect((await gateway.post('{ __typename }', { headers: auth })).body.data).toEqual({
      __typename: 'Query',
    });
  });
});
