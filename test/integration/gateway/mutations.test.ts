import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerCancelAnonymizationDocument,
  CustomerCreateDocument,
  CustomerCreateMinimalDocument,
  CustomerDeleteDocument,
  CustomerMetadataMergeDocument,
  CustomerMetadataRemoveDocument,
  CustomerPasswordResetDocument,
  CustomerPasswordResetRequestDocument,
  CustomerRequestAnonymizationDocument,
  CustomerTagsAddDocument,
  CustomerTagsRemoveDocument,
  CustomerUpdateDocument,
} from '../../__generated__/graphql.ts';
import { emulatorToken } from '../../helpers/auth.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;
let token: string;
let sequence = 0;

beforeAll(async () => {
  stack = await createTestStack({ emulator: { customers: 30 } });
  token = await stack.integrationToken();
  for (let i = 1; i <= 12; i++) {
    await direct('POST', 'tags', { data: { type: 'tags', attributes: { name: `mt-${i}` } } });
  }
});

afterAll(async () => {
  await stack.close();
});

interface JsonApiResource {
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data?: unknown }>;
}

/** A JSON:API call straight to the emulator with an integration token (not through the gateway). */
async function direct(
  method: string,
  path: string,
  body?: unknown,
): Promise<{
  status: number;
  data?: JsonApiResource | JsonApiResource[];
  included?: JsonApiResource[];
}> {
  const response = await fetch(`${stack.emulator.apiUrl}/${path}`, {
    method,
    headers: {
      accept: 'application/vnd.api+json',
      'content-type': 'application/vnd.api+json',
      authorization: `Bearer ${token}`,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, ...(text ? JSON.parse(text) : {}) };
}

async function stored(
  id: string,
  include?: string,
): Promise<JsonApiResource & { included: JsonApiResource[] }> {
  const answer = await direct('GET', `customers/${id}${include ? `?include=${include}` : ''}`);
  expect(answer.status).toBe(200);
  return { ...(answer.data as JsonApiResource), included: answer.included ?? [] };
}

async function storedTagNames(id: string): Promise<string[]> {
  const customer = await stored(id, 'tags');
  return customer.included.map((tag) => String(tag.attributes.name)).sort();
}

function uniqueEmail(prefix = 'mut'): string {
  sequence += 1;
  return `${prefix}-${Date.now()}-${sequence}@example.com`;
}

async function newCustomer(): Promise<string> {
  const result = await stack.execute(CustomerCreateMinimalDocument, {
    input: { email: uniqueEmail() },
  });
  expect(result.data?.customerCreate.userErrors).toEqual([]);
  return result.data!.customerCreate.customer!.clId;
}

async function salesChannelToken(grant: 'guest' | 'customer'): Promise<string> {
  const { credentials } = stack.emulator;
  const response = await fetch(stack.emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      grant_type: grant === 'guest' ? 'client_credentials' : 'password',
      client_id: credentials.salesChannel.clientId,
      scope: credentials.marketScope,
      ...(grant === 'customer'
        ? { username: credentials.customer.email, password: credentials.customer.password }
        : {}),
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('customerCreate', () => {
  it('creates a customer with every attribute, a group and tags in 2 upstream requests', async () => {
    const groups = await direct('GET', 'customer_groups?page[size]=1');
    const group = (groups.data as JsonApiResource[])[0]!;
    const email = uniqueEmail('Full');
    const result = await stack.execute(CustomerCreateDocument, {
      input: {
        email,
        password: 'super-secret-pw-1',
        shopperReference: 'shopper-ref-1',
        profileId: 'profile-1',
        taxExemptionCode: 'EXEMPT-1',
        reference: 'crm-1',
        referenceOrigin: 'crm',
        metadata: { tier: 'gold', score: 3 },
        customerGroupId: group.id,
        tags: ['mt-1', 'MT-2', 'mt-1'],
      },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.customerCreate;
    expect(payload.userErrors).toEqual([]);
    expect(payload.customer).toMatchObject({
      email: email.toLowerCase(),
      hasPassword: true,
      shopperReference: 'shopper-ref-1',
      profileId: 'profile-1',
      taxExemptionCode: 'EXEMPT-1',
      reference: 'crm-1',
      referenceOrigin: 'crm',
      metadata: { tier: 'gold', score: 3 },
      customerGroup: { name: group.attributes.name },
    });
    expect(payload.customer!.tags!.map((tag) => tag.name).sort()).toEqual(['mt-1', 'mt-2']);
    // One tag lookup + the POST, whose answer serves the whole payload.
    expect(result.upstreamRequests).toBe(2);
    expect(JSON.stringify(result)).not.toContain('super-secret-pw-1');

    const customer = await stored(payload.customer!.clId, 'customer_group,tags');
    expect(customer.attributes).toMatchObject({
      email: email.toLowerCase(),
      has_password: true,
      reference: 'crm-1',
      metadata: { tier: 'gold', score: 3 },
    });
    expect(customer.relationships?.customer_group?.data).toMatchObject({ id: group.id });
    expect(await storedTagNames(payload.customer!.clId)).toEqual(['mt-1', 'mt-2']);
  });

  it('creates a plain customer with exactly 1 upstream request', async () => {
    const email = uniqueEmail();
    const result = await stack.execute(CustomerCreateDocument, { input: { email } });
    expect(result.data!.customerCreate.userErrors).toEqual([]);
    expect(result.data!.customerCreate.customer!.tags).toEqual([]);
    expect(result.upstreamRequests).toBe(1);
    const found = await direct('GET', `customers?filter[q][email_eq]=${encodeURIComponent(email)}`);
    expect(found.data).toHaveLength(1);
  });

  it('refuses a malformed email before any upstream call (INVALID on input.email)', async () => {
    const before = stack.emulator.api.counts().customers;
    const result = await stack.execute(CustomerCreateDocument, {
      input: { email: 'not-an-email' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerCreate.customer).toBeNull();
    expect(result.data!.customerCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'email'] }),
    ]);
    expect(result.upstreamRequests).toBe(0);
    expect(stack.emulator.api.counts().customers).toBe(before);
  });

  it('maps a duplicate email to TAKEN on input.email', async () => {
    const email = uniqueEmail();
    await stack.execute(CustomerCreateMinimalDocument, { input: { email } });
    const result = await stack.execute(CustomerCreateMinimalDocument, { input: { email } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerCreate.customer).toBeNull();
    expect(result.data!.customerCreate.userErrors).toEqual([
      {
        code: 'TAKEN',
        field: ['input', 'email'],
        message: expect.stringContaining('has already been taken'),
      },
    ]);
    expect(result.upstreamRequests).toBe(1);
  });

  it('reports unknown and invalid tag names with their index, creating nothing', async () => {
    const before = stack.emulator.api.counts().customers;
    const unknown = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), tags: ['mt-3', 'no-such-tag'] },
    });
    expect(unknown.data!.customerCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'tags', '1'] }),
    ]);
    expect(unknown.upstreamRequests).toBe(1);
    const invalid = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), tags: ['ok', 'has space', 'x'.repeat(26)] },
    });
    expect(invalid.data!.customerCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'tags', '1'] }),
      expect.objectContaining({ code: 'TOO_LONG', field: ['input', 'tags', '2'] }),
    ]);
    expect(invalid.upstreamRequests).toBe(0);
    expect(stack.emulator.api.counts().customers).toBe(before);
  });

  it('refuses tags from a sales channel token before any call, but lets it sign up', async () => {
    const guest = await salesChannelToken('guest');
    const headers = { authorization: `Bearer ${guest}` };
    const tagged = await stack.execute(
      CustomerCreateMinimalDocument,
      { input: { email: uniqueEmail(), tags: ['mt-1'] } },
      { headers },
    );
    expect(tagged.data!.customerCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'tags'] }),
    ]);
    expect(tagged.upstreamRequests).toBe(0);
    const email = uniqueEmail();
    const signup = await stack.execute(
      CustomerCreateMinimalDocument,
      { input: { email, password: 'pw-12345' } },
      { headers },
    );
    expect(signup.data!.customerCreate.userErrors).toEqual([]);
    expect(signup.data!.customerCreate.customer!.email).toBe(email);
  });

  it('maps an unknown customer group id to NOT_FOUND on input.customerGroupId', async () => {
    const result = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), customerGroupId: 'ZZZZZZZZZZ' },
    });
    expect(result.data!.customerCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'customerGroupId'] }),
    ]);
  });
});

describe('customerUpdate', () => {
  it('updates attributes and the group, payload from the PATCH answer alone (1 request, +1 visibility read for metadata)', async () => {
    const id = await newCustomer();
    const groups = await direct('GET', 'customer_groups?page[size]=1');
    const group = (groups.data as JsonApiResource[])[0]!;
    const email = uniqueEmail('updated');
    const result = await stack.execute(CustomerUpdateDocument, {
      id,
      input: {
        email,
        reference: 'ref-2',
        taxExemptionCode: 'TX',
        metadata: { a: 1 },
        customerGroupId: group.id,
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerUpdate.userErrors).toEqual([]);
    expect(result.data!.customerUpdate.customer).toMatchObject({
      clId: id,
      email,
      reference: 'ref-2',
      taxExemptionCode: 'TX',
      metadata: { a: 1 },
      customerGroup: { clId: group.id, name: group.attributes.name },
      tags: [],
    });
    // The metadata replacement takes the customer's lock after a read shows the caller sees it.
    expect(result.upstreamRequests).toBe(2);
    const customer = await stored(id, 'customer_group');
    expect(customer.attributes).toMatchObject({ email, reference: 'ref-2', metadata: { a: 1 } });
    expect(customer.relationships?.customer_group?.data).toMatchObject({ id: group.id });
  });

  it('answers the same payload with planning off (relationships then loaded separately)', async () => {
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), tags: ['mt-9'] },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const planned = await stack.execute(CustomerUpdateDocument, { id, input: { reference: 'p' } });
    const naive = await stack.execute(
      CustomerUpdateDocument,
      { id, input: { reference: 'p' } },
      { planning: false },
    );
    expect(naive.data!.customerUpdate.userErrors).toEqual([]);
    const { updatedAt: _a, ...plannedCustomer } = planned.data!.customerUpdate.customer!;
    const { updatedAt: _b, ...naiveCustomer } = naive.data!.customerUpdate.customer!;
    expect(naiveCustomer).toEqual(plannedCustomer);
    expect(naiveCustomer.tags).toEqual([{ name: 'mt-9' }]);
    expect(planned.upstreamRequests).toBe(1);
  });

  it('clears the group with an explicit null and leaves it alone when absent', async () => {
    const groups = await direct('GET', 'customer_groups?page[size]=1');
    const group = (groups.data as JsonApiResource[])[0]!;
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), customerGroupId: group.id },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const untouched = await stack.execute(CustomerUpdateDocument, {
      id,
      input: { reference: 'kept' },
    });
    expect(untouched.data!.customerUpdate.customer!.customerGroup?.clId).toBe(group.id);
    const cleared = await stack.execute(CustomerUpdateDocument, {
      id,
      input: { customerGroupId: null },
    });
    expect(cleared.data!.customerUpdate.userErrors).toEqual([]);
    expect(cleared.data!.customerUpdate.customer!.customerGroup).toBeNull();
    const customer = await stored(id, 'customer_group');
    expect(customer.relationships?.customer_group?.data).toBeNull();
  });

  it('never touches tags', async () => {
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), tags: ['mt-4'] },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const result = await stack.execute(CustomerUpdateDocument, { id, input: { reference: 'r' } });
    expect(result.data!.customerUpdate.customer!.tags).toEqual([{ name: 'mt-4' }]);
    expect(await storedTagNames(id)).toEqual(['mt-4']);
  });

  it('answers NOT_FOUND on id for an unknown customer, INVALID for a malformed id', async () => {
    const missing = await stack.execute(CustomerUpdateDocument, {
      id: 'ZZZZZZZZZZ',
      input: { reference: 'x' },
    });
    expect(missing.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['id'] }),
    ]);
    const malformed = await stack.execute(CustomerUpdateDocument, {
      id: 'not a valid id!',
      input: { reference: 'x' },
    });
    expect(malformed.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['id'] }),
    ]);
    expect(malformed.upstreamRequests).toBe(0);
  });

  it('refuses a null email and an empty password before any call; an empty input is a no-op', async () => {
    const id = await newCustomer();
    const result = await stack.execute(CustomerUpdateDocument, {
      id,
      input: { email: null, password: '' },
    });
    expect(result.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'BLANK', field: ['input', 'email'] }),
    ]);
    const password = await stack.execute(CustomerUpdateDocument, { id, input: { password: '' } });
    expect(password.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'BLANK', field: ['input', 'password'] }),
    ]);
    expect(result.upstreamRequests + password.upstreamRequests).toBe(0);
    const noop = await stack.execute(CustomerUpdateDocument, { id, input: {} });
    expect(noop.data!.customerUpdate.userErrors).toEqual([]);
    expect(noop.data!.customerUpdate.customer!.clId).toBe(id);
    expect(noop.upstreamRequests).toBe(1);
  });

  it('maps a 429 on the write to RATE_LIMITED, without retrying it', async () => {
    const id = await newCustomer();
    stack.emulator.faults.add({
      kind: 'rate_limit',
      method: 'PATCH',
      count: 1,
      retryAfterSeconds: 3,
    });
    const result = await stack.execute(CustomerUpdateDocument, { id, input: { reference: 'rl' } });
    expect(result.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', message: expect.stringContaining('3 s') }),
    ]);
    expect(result.upstreamRequests).toBe(1);
    expect((await stored(id)).attributes.reference).not.toBe('rl');
  });

  it('says UNKNOWN_OUTCOME when the connection drops after the PATCH was sent', async () => {
    const id = await newCustomer();
    stack.emulator.faults.add({ kind: 'drop', method: 'PATCH', count: 1 });
    const result = await stack.execute(CustomerUpdateDocument, {
      id,
      input: { reference: 'lost' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerUpdate.customer).toBeNull();
    expect(result.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_OUTCOME', field: null }),
    ]);
    // Writes are never retried.
    expect(result.upstreamRequests).toBe(1);
  });

  it('says UNKNOWN_OUTCOME for a 2xx answer it cannot read (the write may have happened)', async () => {
    const id = await newCustomer();
    stack.emulator.faults.add({ kind: 'malformed', method: 'PATCH', count: 1 });
    const result = await stack.execute(CustomerUpdateDocument, { id, input: { reference: 'm' } });
    expect(result.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_OUTCOME' }),
    ]);
    expect(result.upstreamRequests).toBe(1);
  });

  it('lets a customer token update its own customer; another customer is NOT_FOUND', async () => {
    const customerToken = await salesChannelToken('customer');
    const headers = { authorization: `Bearer ${customerToken}` };
    const own = stack.emulator.credentials.customer.id;
    const mine = await stack.execute(
      CustomerUpdateDocument,
      { id: own, input: { reference: 'self-service' } },
      { headers },
    );
    expect(mine.data!.customerUpdate.userErrors).toEqual([]);
    expect((await stored(own)).attributes.reference).toBe('self-service');
    const other = await newCustomer();
    const theirs = await stack.execute(
      CustomerUpdateDocument,
      { id: other, input: { reference: 'nope' } },
      { headers },
    );
    expect(theirs.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['id'] }),
    ]);
  });
});

describe('tokens with fewer rights', () => {
  it('maps what Commerce Layer refuses a guest sales channel token to FORBIDDEN', async () => {
    const id = await newCustomer();
    const guest = await salesChannelToken('guest');
    const headers = { authorization: `Bearer ${guest}` };
    const update = await stack.execute(
      CustomerUpdateDocument,
      { id, input: { reference: 'guest' } },
      { headers },
    );
    expect(update.data!.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN' }),
    ]);
    expect(update.upstreamRequests).toBe(1);
    const deletion = await stack.execute(CustomerDeleteDocument, { id }, { headers });
    expect(deletion.data!.customerDelete.userErrors).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN' }),
    ]);
    expect((await direct('GET', `customers/${id}`)).status).toBe(200);
  });
});

describe('customerDelete', () => {
  it('deletes a customer (1 request) and returns its global ID', async () => {
    const id = await newCustomer();
    const result = await stack.execute(CustomerDeleteDocument, { id });
    expect(result.data!.customerDelete.userErrors).toEqual([]);
    expect(result.data!.customerDelete.deletedCustomerId).toBe(
      Buffer.from(`Customer:${id}`).toString('base64'),
    );
    expect(result.upstreamRequests).toBe(1);
    expect((await direct('GET', `customers/${id}`)).status).toBe(404);
  });

  it('answers HAS_DEPENDENCIES for a customer with orders, which stays', async () => {
    const withOrders = await direct(
      'GET',
      'customers?filter[q][total_orders_count_gt]=0&page[size]=1',
    );
    const id = (withOrders.data as JsonApiResource[])[0]!.id;
    const result = await stack.execute(CustomerDeleteDocument, { id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.customerDelete.deletedCustomerId).toBeNull();
    expect(result.data!.customerDelete.userErrors).toEqual([
      expect.objectContaining({ code: 'HAS_DEPENDENCIES', field: ['id'] }),
    ]);
    expect((await direct('GET', `customers/${id}`)).status).toBe(200);
  });
});

describe('customerTagsAdd / customerTagsRemove', () => {
  it('adds tags (1 read + 1 PATCH), lower-cased and de-duplicated, keeping the others', async () => {
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), tags: ['mt-1'] },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const result = await stack.execute(CustomerTagsAddDocument, {
      id,
      tags: ['MT-2', 'mt-3', 'mt-2', ' mt-1 '],
    });
    expect(result.data!.customerTagsAdd.userErrors).toEqual([]);
    expect(result.data!.customerTagsAdd.customer!.tags!.map((t) => t.name).sort()).toEqual([
      'mt-1',
      'mt-2',
      'mt-3',
    ]);
    expect(result.upstreamRequests).toBe(2);
    expect(await storedTagNames(id)).toEqual(['mt-1', 'mt-2', 'mt-3']);
  });

  it('refuses the 11th tag with LIMIT_EXCEEDED, before writing', async () => {
    const id = await newCustomer();
    const ten = Array.from({ length: 10 }, (_, i) => `mt-${i + 1}`);
    const first = await stack.execute(CustomerTagsAddDocument, { id, tags: ten });
    expect(first.data!.customerTagsAdd.userErrors).toEqual([]);
    expect(first.data!.customerTagsAdd.customer!.tags).toHaveLength(10);
    const eleventh = await stack.execute(CustomerTagsAddDocument, { id, tags: ['mt-11'] });
    expect(eleventh.data!.customerTagsAdd.customer).toBeNull();
    expect(eleventh.data!.customerTagsAdd.userErrors).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', field: ['tags'] }),
    ]);
    expect(eleventh.upstreamRequests).toBe(1);
    expect(await storedTagNames(id)).toHaveLength(10);
    const twelve = Array.from({ length: 11 }, (_, i) => `mt-${i + 1}`);
    const tooMany = await stack.execute(CustomerTagsAddDocument, { id, tags: twelve });
    expect(tooMany.data!.customerTagsAdd.userErrors[0]?.code).toBe('LIMIT_EXCEEDED');
    expect(tooMany.upstreamRequests).toBe(0);
  });

  it('reports names that are not tags, and invalid names before any call', async () => {
    const id = await newCustomer();
    const result = await stack.execute(CustomerTagsAddDocument, { id, tags: ['mt-5', 'ghost'] });
    expect(result.data!.customerTagsAdd.customer!.tags).toEqual([{ name: 'mt-5' }]);
    expect(result.data!.customerTagsAdd.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['tags', '1'] }),
    ]);
    const invalid = await stack.execute(CustomerTagsAddDocument, { id, tags: ['bad tag!'] });
    expect(invalid.data!.customerTagsAdd.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['tags', '0'] }),
    ]);
    expect(invalid.upstreamRequests).toBe(0);
  });

  it('removes tags with one PATCH', async () => {
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), tags: ['mt-6', 'mt-7', 'mt-8'] },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const result = await stack.execute(CustomerTagsRemoveDocument, { id, tags: ['MT-7', 'mt-9'] });
    expect(result.data!.customerTagsRemove.userErrors).toEqual([]);
    expect(result.data!.customerTagsRemove.customer!.tags!.map((t) => t.name).sort()).toEqual([
      'mt-6',
      'mt-8',
    ]);
    expect(result.upstreamRequests).toBe(1);
    expect(await storedTagNames(id)).toEqual(['mt-6', 'mt-8']);
  });

  it('refuses a sales channel token with FORBIDDEN before any call', async () => {
    const id = await newCustomer();
    const guest = await salesChannelToken('guest');
    const result = await stack.execute(
      CustomerTagsAddDocument,
      { id, tags: ['mt-1'] },
      { headers: { authorization: `Bearer ${guest}` } },
    );
    expect(result.data!.customerTagsAdd.userErrors).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN', field: ['tags'] }),
    ]);
    expect(result.upstreamRequests).toBe(0);
  });
});

describe('anonymization', () => {
  it('requests and cancels, with INVALID_STATE for transitions the state does not allow', async () => {
    const id = await newCustomer();
    const wrongCancel = await stack.execute(CustomerCancelAnonymizationDocument, { id });
    expect(wrongCancel.errors).toBeUndefined();
    expect(wrongCancel.data!.customerCancelAnonymization.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: null }),
    ]);

    const requested = await stack.execute(CustomerRequestAnonymizationDocument, { id });
    expect(requested.data!.customerRequestAnonymization.userErrors).toEqual([]);
    expect(requested.data!.customerRequestAnonymization.customer).toMatchObject({
      anonymizationStatus: 'REQUESTED',
      anonymizationInfo: { status: 'REQUESTED' },
    });
    expect(requested.upstreamRequests).toBe(1);
    expect((await stored(id)).attributes.anonymization_status).toBe('requested');

    const again = await stack.execute(CustomerRequestAnonymizationDocument, { id });
    expect(again.data!.customerRequestAnonymization.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE' }),
    ]);

    const cancelled = await stack.execute(CustomerCancelAnonymizationDocument, { id });
    expect(cancelled.data!.customerCancelAnonymization.userErrors).toEqual([]);
    expect(cancelled.data!.customerCancelAnonymization.customer!.anonymizationStatus).toBe(
      'CANCELLED',
    );
    expect(cancelled.upstreamRequests).toBe(1);
    expect((await stored(id)).attributes.anonymization_status).toBe('cancelled');
  });

  it('refuses a customer token with FORBIDDEN before any call', async () => {
    const customerToken = await salesChannelToken('customer');
    const result = await stack.execute(
      CustomerRequestAnonymizationDocument,
      { id: stack.emulator.credentials.customer.id },
      { headers: { authorization: `Bearer ${customerToken}` } },
    );
    expect(result.data!.customerRequestAnonymization.userErrors).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN' }),
    ]);
    expect(result.upstreamRequests).toBe(0);
  });
});

describe('password reset', () => {
  it('requests a reset, refuses a wrong token, resets once, refuses the used token', async () => {
    const email = uniqueEmail('reset');
    await stack.execute(CustomerCreateMinimalDocument, { input: { email } });
    // The token comes back only to a caller's own integration token, never to a token-less request.
    const anonymous = await stack.execute(CustomerPasswordResetRequestDocument, { email });
    expect(anonymous.data!.customerPasswordResetRequest.passwordReset!.token).toBeNull();
    const requested = await stack.execute(
      CustomerPasswordResetRequestDocument,
      { email },
      { headers: { authorization: `Bearer ${await stack.integrationToken()}` } },
    );
    expect(requested.data!.customerPasswordResetRequest.userErrors).toEqual([]);
    const reset = requested.data!.customerPasswordResetRequest.passwordReset!;
    expect(reset.customerEmail).toBe(email);
    expect(reset.token).toMatch(/^[0-9a-f]{20,}$/);
    expect(reset.resetAt).toBeNull();
    expect(requested.upstreamRequests).toBe(1);

    const wrong = await stack.execute(CustomerPasswordResetDocument, {
      resetId: reset.id,
      token: 'not-the-token',
      password: 'new-password-1',
    });
    expect(wrong.data!.customerPasswordReset.userErrors).toEqual([
      expect.objectContaining({ code: 'RESET_TOKEN_INVALID', field: ['token'] }),
    ]);

    const done = await stack.execute(CustomerPasswordResetDocument, {
      resetId: reset.id,
      token: reset.token!,
      password: 'new-password-1',
    });
    expect(done.data!.customerPasswordReset.userErrors).toEqual([]);
    expect(done.data!.customerPasswordReset.passwordReset!.resetAt).not.toBeNull();
    expect(done.upstreamRequests).toBe(1);
    expect(JSON.stringify(done)).not.toContain('new-password-1');
    expect(stack.emulator.api.authenticateCustomer(email, 'new-password-1')).not.toBeNull();

    const reused = await stack.execute(CustomerPasswordResetDocument, {
      resetId: reset.id,
      token: reset.token!,
      password: 'another-password-2',
    });
    expect(reused.data!.customerPasswordReset.userErrors).toEqual([
      expect.objectContaining({ code: 'RESET_TOKEN_USED', field: ['token'] }),
    ]);
    expect(JSON.stringify(reused)).not.toContain('another-password-2');
    expect(stack.emulator.api.authenticateCustomer(email, 'another-password-2')).toBeNull();
  });

  it('never hands the reset token to a sales channel token', async () => {
    const email = uniqueEmail('reset-guest');
    await stack.execute(CustomerCreateMinimalDocument, { input: { email } });
    const guest = await salesChannelToken('guest');
    const requested = await stack.execute(
      CustomerPasswordResetRequestDocument,
      { email },
      { headers: { authorization: `Bearer ${guest}` } },
    );
    expect(requested.data!.customerPasswordResetRequest.userErrors).toEqual([]);
    expect(requested.data!.customerPasswordResetRequest.passwordReset).toMatchObject({
      customerEmail: email,
      token: null,
    });
  });

  it('maps an unknown email and a malformed one to errors on email', async () => {
    const unknown = await stack.execute(CustomerPasswordResetRequestDocument, {
      email: uniqueEmail('nobody'),
    });
    expect(unknown.data!.customerPasswordResetRequest.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['email'] }),
    ]);
    const malformed = await stack.execute(CustomerPasswordResetRequestDocument, { email: 'x@' });
    expect(malformed.data!.customerPasswordResetRequest.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['email'] }),
    ]);
    expect(malformed.upstreamRequests).toBe(0);
  });
});

describe('metadata merge / remove', () => {
  it('merges keys with a visibility read, then 1 read + 1 write under the lock, keeping the others', async () => {
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), metadata: { keep: 'me', tier: 'silver' } },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const result = await stack.execute(CustomerMetadataMergeDocument, {
      id,
      metadata: { tier: 'gold', since: 2026 },
    });
    expect(result.data!.customerMetadataMerge.userErrors).toEqual([]);
    expect(result.data!.customerMetadataMerge.customer!.metadata).toEqual({
      keep: 'me',
      tier: 'gold',
      since: 2026,
    });
    expect(result.upstreamRequests).toBe(3);
    expect((await stored(id)).attributes.metadata).toEqual({
      keep: 'me',
      tier: 'gold',
      since: 2026,
    });
  });

  it('keeps all twenty keys of twenty concurrent merges', async () => {
    const id = await newCustomer();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stack.execute(CustomerMetadataMergeDocument, { id, metadata: { [`key${i}`]: i } }),
      ),
    );
    for (const result of results) {
      expect(result.data!.customerMetadataMerge.userErrors).toEqual([]);
    }
    const metadata = (await stored(id)).attributes.metadata as Record<string, number>;
    expect(Object.keys(metadata).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `key${i}`).sort(),
    );
    for (let i = 0; i < 20; i++) {
      expect(metadata[`key${i}`]).toBe(i);
    }
  });

  it('removes keys, keeping the others; absent keys are ignored', async () => {
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), metadata: { a: 1, b: 2, c: 3 } },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const result = await stack.execute(CustomerMetadataRemoveDocument, { id, keys: ['b', 'zz'] });
    expect(result.data!.customerMetadataRemove.userErrors).toEqual([]);
    expect(result.data!.customerMetadataRemove.customer!.metadata).toEqual({ a: 1, c: 3 });
    expect(result.upstreamRequests).toBe(3);
    expect((await stored(id)).attributes.metadata).toEqual({ a: 1, c: 3 });
    const noop = await stack.execute(CustomerMetadataRemoveDocument, { id, keys: ['zz'] });
    expect(noop.data!.customerMetadataRemove.customer!.metadata).toEqual({ a: 1, c: 3 });
    expect(noop.upstreamRequests).toBe(1);
  });

  it('compares values as JSON: -0 equals 0, so merging it writes nothing (1 read)', async () => {
    const created = await stack.execute(CustomerCreateMinimalDocument, {
      input: { email: uniqueEmail(), metadata: { score: 0, nested: { a: 1, b: 2 } } },
    });
    const id = created.data!.customerCreate.customer!.clId;
    const result = await stack.execute(CustomerMetadataMergeDocument, {
      id,
      metadata: { score: -0, nested: { b: 2, a: 1 } },
    });
    expect(result.data!.customerMetadataMerge.userErrors).toEqual([]);
    expect(result.upstreamRequests).toBe(1);
  });

  it('answers NOT_FOUND from the visibility read, before any lock or write', async () => {
    const result = await stack.execute(CustomerMetadataMergeDocument, {
      id: 'NoSuchCustomer',
      metadata: { a: 1 },
    });
    expect(result.data!.customerMetadataMerge.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['id'] }),
    ]);
    expect(result.upstreamRequests).toBe(1);
  });

  it('refuses empty or oversized metadata before any call', async () => {
    const id = await newCustomer();
    const empty = await stack.execute(CustomerMetadataMergeDocument, { id, metadata: {} });
    expect(empty.data!.customerMetadataMerge.userErrors).toEqual([
      expect.objectContaining({ code: 'BLANK', field: ['metadata'] }),
    ]);
    const huge = await stack.execute(CustomerMetadataMergeDocument, {
      id,
      metadata: { blob: 'x'.repeat(20_000) },
    });
    expect(huge.data!.customerMetadataMerge.userErrors).toEqual([
      expect.objectContaining({ code: 'TOO_LONG', field: ['metadata'] }),
    ]);
    expect(empty.upstreamRequests + huge.upstreamRequests).toBe(0);
  });
});

describe('Idempotency-Key', () => {
  it('creates one customer for two submissions with the same key, and replays the result', async () => {
    const before = stack.emulator.api.counts().customers!;
    const variables = { input: { email: uniqueEmail('idem') } };
    const headers = { 'idempotency-key': `create-${sequence}` };
    const first = await stack.execute(CustomerCreateMinimalDocument, variables, { headers });
    const second = await stack.execute(CustomerCreateMinimalDocument, variables, { headers });
    expect(first.data!.customerCreate.userErrors).toEqual([]);
    expect(second.data).toEqual(first.data);
    expect(first.extensions).toMatchObject({ idempotency: { replayed: false } });
    expect(second.extensions).toMatchObject({ idempotency: { replayed: true } });
    expect(second.upstreamRequests).toBe(0);
    expect(stack.emulator.api.counts().customers).toBe(before + 1);
  });

  it('makes a concurrent duplicate wait for the first execution', async () => {
    const before = stack.emulator.api.counts().customers!;
    const variables = { input: { email: uniqueEmail('idem-concurrent') } };
    const headers = { 'idempotency-key': `concurrent-${sequence}` };
    const [a, b] = await Promise.all([
      stack.execute(CustomerCreateMinimalDocument, variables, { headers }),
      stack.execute(CustomerCreateMinimalDocument, variables, { headers }),
    ]);
    expect(a.data).toEqual(b.data);
    expect(a.data!.customerCreate.userErrors).toEqual([]);
    expect(stack.emulator.api.counts().customers).toBe(before + 1);
  });

  it('refuses the same key with different variables', async () => {
    const headers = { 'idempotency-key': `reuse-${sequence}` };
    await stack.execute(
      CustomerCreateMinimalDocument,
      { input: { email: uniqueEmail() } },
      {
        headers,
      },
    );
    const before = stack.emulator.api.counts().customers!;
    const reused = await stack.execute(
      CustomerCreateMinimalDocument,
      { input: { email: uniqueEmail() } },
      { headers },
    );
    expect(reused.data ?? null).toBeNull();
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(reused.status).toBe(400);
    expect(reused.upstreamRequests).toBe(0);
    expect(stack.emulator.api.counts().customers).toBe(before);
  });

  it('scopes keys per caller: the same key from another token runs again', async () => {
    const before = stack.emulator.api.counts().customers!;
    const key = `scoped-${sequence}`;
    const variables = { input: { email: uniqueEmail('scoped') } };
    await stack.execute(CustomerCreateMinimalDocument, variables, {
      headers: { 'idempotency-key': key },
    });
    // Another verified caller (a sales channel's guest token: another application) with the same
    // key. Keys are scoped by application and owner, so a refreshed token of the *same* caller
    // would replay instead.
    const guest = await emulatorToken(stack.emulator, 'sales_channel');
    const other = await stack.execute(CustomerCreateMinimalDocument, variables, {
      headers: { 'idempotency-key': key, authorization: `Bearer ${guest}` },
    });
    // A new execution (not a replay): the email is now taken.
    expect(other.data!.customerCreate.userErrors[0]?.code).toBe('TAKEN');
    expect(stack.emulator.api.counts().customers).toBe(before + 1);
  });
});
