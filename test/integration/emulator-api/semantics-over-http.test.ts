import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { apiFetch, customerToken, integrationToken, requestToken } from '../emulator/support.ts';

/**
 * The JSON:API layer's semantics as a client sees them through the real HTTP emulator: tokens
 * from the OAuth endpoint, scoping by customer token, virtual jwt_* relationships, and the
 * anonymization flow driven by the emulator's clock.
 */

interface Document {
  data: {
    id: string;
    type: string;
    attributes: Record<string, unknown>;
    relationships: Record<string, { data?: unknown }>;
  } & Record<string, unknown>;
  included?: { id: string; type: string }[];
  meta?: { record_count: number };
  errors?: { code: string; status: string }[];
}

let emulator: RunningEmulator;
let admin: string;

beforeAll(async () => {
  emulator = await createEmulator({
    customers: 40,
    seed: 3,
    rateLimit: false,
    anonymization: { startAfterMs: 1_000, completeAfterMs: 2_000 },
  });
  admin = await integrationToken(emulator);
});

afterAll(async () => {
  await emulator?.close();
});

async function json(response: Response): Promise<Document> {
  return (await response.json()) as Document;
}

describe('JSON:API semantics over HTTP', () => {
  it('scopes a customer token to its customer and fills the jwt_* relationships', async () => {
    const grant = await customerToken(emulator);
    const token = grant.access_token as string;
    const list = await json(
      await apiFetch(
        emulator,
        token,
        'customers?include=jwt_customer,jwt_markets,jwt_stock_locations',
      ),
    );
    const own = emulator.credentials.customer.id;
    expect(list.meta?.record_count).toBe(1);
    const [customer] = list.data as unknown as Document['data'][];
    expect(customer?.id).toBe(own);
    expect(customer?.relationships.jwt_customer?.data).toEqual({ type: 'customers', id: own });
    expect(customer?.relationships.jwt_markets?.data).toHaveLength(1);
    expect((customer?.relationships.jwt_stock_locations?.data ?? []) as unknown[]).not.toHaveLength(
      0,
    );

    const others = await json(
      await apiFetch(emulator, admin, `customers?filter[q][id_not_eq]=${own}&page[size]=1`),
    );
    const other = (others.data as unknown as Document['data'][])[0];
    expect((await apiFetch(emulator, token, `customers/${other?.id}`)).status).toBe(404);

    const tags = await apiFetch(emulator, token, `customers/${own}`, {
      method: 'PATCH',
      body: JSON.stringify({
        data: { type: 'customers', id: own, attributes: { _add_tags: 'vip' } },
      }),
    });
    expect(tags.status).toBe(400);
    expect((await json(tags)).errors?.[0]?.code).toBe('PARAM_NOT_ALLOWED');
  });

  it('lets a guest sales channel sign up and nothing else on customers', async () => {
    const { body } = await requestToken(emulator, {
      grant_type: 'client_credentials',
      client_id: emulator.credentials.salesChannel.clientId,
      scope: emulator.credentials.marketScope,
    });
    const guest = body.access_token as string;
    expect((await apiFetch(emulator, guest, 'customers')).status).toBe(401);
    const signUp = await apiFetch(emulator, guest, 'customers', {
      method: 'POST',
      body: JSON.stringify({
        data: {
          type: 'customers',
          attributes: { email: 'new.shopper@example.com', password: 'pw-123456' },
        },
      }),
    });
    expect(signUp.status).toBe(201);
    const created = await json(signUp);
    expect(created.data.attributes).toMatchObject({
      status: 'prospect',
      has_password: true,
      email: 'new.shopper@example.com',
    });
  });

  it('runs the anonymization flow on the emulator clock', async () => {
    const created = await json(
      await apiFetch(emulator, admin, 'customers', {
        method: 'POST',
        body: JSON.stringify({
          data: { type: 'customers', attributes: { email: 'forget.me@example.com' } },
        }),
      }),
    );
    const id = created.data.id;
    const requested = await apiFetch(emulator, admin, `customers/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        data: { type: 'customers', id, attributes: { _request_anonymization: true } },
      }),
    });
    expect((await json(requested)).data.attributes.anonymization_status).toBe('requested');
    emulator.clock.advance(1_500);
    expect(
      (await json(await apiFetch(emulator, admin, `customers/${id}`))).data.attributes
        .anonymization_status,
    ).toBe('started');
    emulator.clock.advance(1_000);
    const completed = await json(await apiFetch(emulator, admin, `customers/${id}`));
    expect(completed.data.attributes.anonymization_status).toBe('completed');
    expect(completed.data.attributes.email).not.toBe('forget.me@example.com');
  });
});
