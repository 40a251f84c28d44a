import { describe, expect, it } from 'vitest';
import {
  createCustomer,
  createRecord,
  createTestApi,
  customerToken,
  guest,
  type Resource,
  type TestApi,
} from './helpers.ts';

function patchCustomer(
  test: TestApi,
  id: string,
  attributes: Record<string, unknown>,
  auth = undefined,
) {
  return test.patch(`customers/${id}`, { data: { type: 'customers', id, attributes } }, auth);
}

describe('anonymization', () => {
  it('moves requested → started → completed as the clock passes, anonymizing personal data', () => {
    const test = createTestApi({ startAfterMs: 60_000, completeAfterMs: 120_000 });
    const customer = createCustomer(test, {
      email: 'gdpr@example.com',
      password: 'pw-123456',
      metadata: { a: 1 },
    });
    const address = createRecord(test, 'addresses', {
      first_name: 'Grace',
      last_name: 'Hopper',
      line_1: '1 Navy Way',
      city: 'Arlington',
      zip_code: '22202',
      country_code: 'US',
      phone: '+1 703 555 0100',
    });
    createRecord(
      test,
      'customer_addresses',
      {},
      {
        customer: { data: { type: 'customers', id: customer.id } },
        address: { data: { type: 'addresses', id: address.id } },
      },
    );

    const requested = patchCustomer(test, customer.id, { _request_anonymization: true });
    expect(requested.status).toBe(200);
    expect(requested.one.attributes.anonymization_status).toBe('requested');
    const info = requested.one.attributes.anonymization_info as Record<string, unknown>;
    expect(info).toMatchObject({ status: 'requested', requested_at: '2026-11-20 10:00:00 UTC' });
    expect(info.requester).toEqual({
      id: expect.stringMatching(/^[A-Za-z]{10}$/),
      first_name: expect.any(String),
      last_name: expect.any(String),
      email: expect.stringContaining('@'),
    });
    expect(patchCustomer(test, customer.id, { _request_anonymization: true }).status).toBe(422);

    test.clock.advance(59_000);
    expect(test.get(`customers/${customer.id}`).one.attributes.anonymization_status).toBe(
      'requested',
    );
    test.clock.advance(1_000);
    const started = test.get(`customers/${customer.id}`).one;
    expect(started.attributes.anonymization_status).toBe('started');
    expect(started.attributes.anonymization_info).toMatchObject({
      started_at: '2026-11-20 10:01:00 UTC',
    });
    expect(
      test.get('customers', 'filter[q][anonymization_status_eq]=started').doc.meta?.record_count,
    ).toBe(1);
    expect(patchCustomer(test, customer.id, { _cancel_anonymization: true }).status).toBe(422);

    test.clock.advance(60_000);
    const completed = test.get(
      `customers/${customer.id}`,
      'include=customer_addresses.address',
    ).one;
    expect(completed.attributes).toMatchObject({
      anonymization_status: 'completed',
      has_password: false,
      metadata: {},
    });
    expect(completed.attributes.email).toMatch(/^anonymized-.+@anonymized\.invalid$/);
    expect(completed.attributes.anonymization_info).toMatchObject({
      completed_at: '2026-11-20 10:02:00 UTC',
    });
    expect(test.get(`addresses/${address.id}`).one.attributes).toMatchObject({
      first_name: 'Anonymized',
      line_1: '-',
      phone: '-',
      city: 'Arlington',
    });
    expect(test.api.authenticateCustomer('gdpr@example.com', 'pw-123456')).toBeNull();
  });

  it('cancels only while requested', () => {
    const test = createTestApi();
    const customer = createCustomer(test, { email: 'c@example.com' });
    expect(patchCustomer(test, customer.id, { _cancel_anonymization: true }).status).toBe(422);
    patchCustomer(test, customer.id, { _request_anonymization: true });
    test.clock.advance(5_000);
    const cancelled = patchCustomer(test, customer.id, { _cancel_anonymization: true });
    expect(cancelled.status).toBe(200);
    expect(cancelled.one.attributes.anonymization_status).toBe('cancelled');
    expect(cancelled.one.attributes.anonymization_info).toMatchObject({
      status: 'cancelled',
      cancelled_at: '2026-11-20 10:00:05 UTC',
      cancellation_requester: { id: expect.any(String) },
    });
    test.clock.advance(10 * 60_000);
    expect(test.get(`customers/${customer.id}`).one.attributes.anonymization_status).toBe(
      'cancelled',
    );
    expect(patchCustomer(test, customer.id, { _request_anonymization: true }).status).toBe(200);
  });
});

describe('customer password resets', () => {
  function requestReset(test: TestApi, email: string, auth = guest) {
    return test.post(
      'customer_password_resets',
      { data: { type: 'customer_password_resets', attributes: { customer_email: email } } },
      auth,
    );
  }

  function useReset(test: TestApi, id: string, password: string, token: unknown) {
    return test.patch(
      `customer_password_resets/${id}`,
      {
        data: {
          type: 'customer_password_resets',
          id,
          attributes: { customer_password: password, _reset_password_token: token },
        },
      },
      guest,
    );
  }

  it('returns the token only at create and changes the password once', () => {
    const test = createTestApi();
    const customer = createCustomer(test, { email: 'reset@example.com', password: 'old-password' });
    const created = requestReset(test, 'Reset@Example.com');
    expect(created.status).toBe(201);
    const token = created.one.attributes.reset_password_token;
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(created.one.attributes.reset_password_at).toBeNull();
    expect(
      test.get(`customer_password_resets/${created.one.id}`).one.attributes.reset_password_token,
    ).toBeNull();
    expect(test.get(`customer_password_resets/${created.one.id}/customer`).one.id).toBe(
      customer.id,
    );

    const wrong = useReset(test, created.one.id, 'new-password', 'not-the-token');
    expect(wrong.status).toBe(422);
    expect(wrong.doc.errors?.[0]).toMatchObject({
      source: { pointer: '/data/attributes/_reset_password_token' },
    });

    test.clock.advance(1_000);
    const used = useReset(test, created.one.id, 'new-password', token);
    expect(used.status).toBe(200);
    expect(used.one.attributes.reset_password_at).toBe('2026-11-20T10:00:01.000Z');
    expect(test.api.authenticateCustomer('reset@example.com', 'new-password')).toBe(customer.id);
    expect(test.api.authenticateCustomer('reset@example.com', 'old-password')).toBeNull();

    expect(useReset(test, created.one.id, 'third-password', token).status).toBe(422);
    expect(test.api.authenticateCustomer('reset@example.com', 'new-password')).toBe(customer.id);
  });

  it('refuses an unknown email with 422', () => {
    const test = createTestApi();
    const response = requestReset(test, 'nobody@example.com');
    expect(response.status).toBe(422);
    expect(response.doc.errors?.[0]?.source).toEqual({
      pointer: '/data/attributes/customer_email',
    });
  });
});

describe('token scoping', () => {
  function setup() {
    const test = createTestApi();
    const mine = createCustomer(test, { email: 'me@example.com' });
    const other = createCustomer(test, { email: 'other@example.com' });
    createRecord(test, 'tags', { name: 'vip' });
    return { test, mine, other, auth: customerToken(mine.id) };
  }

  it('lets a guest sales channel only sign up', () => {
    const { test, mine } = setup();
    const signUp = test.post(
      'customers',
      {
        data: {
          type: 'customers',
          attributes: { email: 'new@example.com', password: 'pw-123456' },
        },
      },
      guest,
    );
    expect(signUp.status).toBe(201);
    for (const response of [
      test.get('customers', '', guest),
      test.get(`customers/${mine.id}`, '', guest),
      test.patch(
        `customers/${mine.id}`,
        { data: { type: 'customers', id: mine.id, attributes: {} } },
        guest,
      ),
      test.del(`customers/${mine.id}`, guest),
    ]) {
      expect(response.status).toBe(401);
      expect(response.doc.errors?.[0]).toEqual({
        title: 'Access denied',
        detail: 'You are not authorized to perform this action on the requested resource.',
        code: 'UNAUTHORIZED',
        status: '401',
      });
    }
  });

  it('shows a customer token only its own customer', () => {
    const { test, mine, other, auth } = setup();
    const list = test.get('customers', '', auth);
    expect(list.list.map((customer) => customer.id)).toEqual([mine.id]);
    expect(list.doc.meta?.record_count).toBe(1);
    expect(test.get(`customers/${mine.id}`, '', auth).status).toBe(200);
    expect(test.get(`customers/${other.id}`, '', auth).status).toBe(404);
    expect(test.get(`customers/${other.id}/orders`, '', auth).status).toBe(404);
    expect(
      test.patch(
        `customers/${other.id}`,
        { data: { type: 'customers', id: other.id, attributes: { reference: 'x' } } },
        auth,
      ).status,
    ).toBe(404);
    const own = test.patch(
      `customers/${mine.id}`,
      { data: { type: 'customers', id: mine.id, attributes: { reference: 'x' } } },
      auth,
    );
    expect(own.status).toBe(200);
    expect(test.get('tags', '', auth).status).toBe(401);
  });

  it('refuses prohibited attributes and the tags relationship from sales channels', () => {
    const { test, mine, auth } = setup();
    for (const attributes of [
      { _add_tags: 'vip' },
      { _remove_tags: 'vip' },
      { _request_anonymization: true },
      { _cancel_anonymization: true },
    ]) {
      const response = test.patch(
        `customers/${mine.id}`,
        { data: { type: 'customers', id: mine.id, attributes } },
        auth,
      );
      expect(response.status).toBe(400);
      expect(response.doc.errors?.[0]?.code).toBe('PARAM_NOT_ALLOWED');
    }
    const tags = test.patch(
      `customers/${mine.id}`,
      { data: { type: 'customers', id: mine.id, relationships: { tags: { data: [] } } } },
      auth,
    );
    expect(tags.doc.errors?.[0]).toMatchObject({
      code: 'PARAM_NOT_ALLOWED',
      source: { pointer: '/data/relationships/tags' },
    });
  });

  it('lets a customer manage its own address book only', () => {
    const { test, mine, other, auth } = setup();
    const address = test.post(
      'addresses',
      {
        data: {
          type: 'addresses',
          attributes: {
            first_name: 'Me',
            last_name: 'Self',
            line_1: 'Via Po 1',
            city: 'Torino',
            zip_code: '10121',
            country_code: 'IT',
            phone: '011',
          },
        },
      },
      auth,
    ).one as Resource;
    const link = (customerId: string) =>
      test.post(
        'customer_addresses',
        {
          data: {
            type: 'customer_addresses',
            relationships: {
              customer: { data: { type: 'customers', id: customerId } },
              address: { data: { type: 'addresses', id: address.id } },
            },
          },
        },
        auth,
      );
    expect(link(other.id).status).toBe(401);
    expect(link(mine.id).status).toBe(201);
    expect(test.get('customer_addresses', '', auth).doc.meta?.record_count).toBe(1);
    expect(test.get('addresses', '', auth).doc.meta?.record_count).toBe(1);
  });
});
