import { describe, expect, it } from 'vitest';
import { ResourceLoader } from '../../../src/schema/loading/resource-loader.ts';
import type { Plan } from '../../../src/schema/planning/plan.ts';
import type {
  QueryParams,
  Resource,
  ResourcePage,
  UpstreamSession,
} from '../../../src/upstream/types.ts';

function resource(
  type: string,
  id: string,
  attributes: Record<string, unknown> = {},
  relationships: Resource['relationships'] = {},
): Resource {
  return { type, id, attributes, relationships, meta: {} };
}

/** A session that answers `id_in` lists from a fixed set and records every call. */
function recordingSession(
  records: Resource[],
): UpstreamSession & { calls: { path: string; query: QueryParams }[] } {
  const calls: { path: string; query: QueryParams }[] = [];
  return {
    calls,
    requestCount: 0,
    writeCount: 0,
    rateLimit: undefined,
    async list(path, query = {}): Promise<ResourcePage> {
      calls.push({ path, query });
      const ids = (query.filter?.id_in as string[] | undefined) ?? [];
      const data = records.filter((r) => r.type === path && ids.includes(r.id));
      return { data, recordCount: data.length, pageCount: 1 };
    },
    retrieve: async () => null,
    create: async () => {
      throw new Error('not used');
    },
    update: async () => {
      throw new Error('not used');
    },
    delete: async () => {},
  };
}

const emailPlan: Plan = { type: 'customers', fields: new Set(['email']), includes: new Map() };

describe('ResourceLoader', () => {
  it('batches lookups of one plan into id_in requests of at most 25 ids, in key order', async () => {
    const records = Array.from({ length: 60 }, (_, i) =>
      resource('customers', `c${i}`, { email: `${i}@x.io` }),
    );
    const session = recordingSession(records);
    const loader = new ResourceLoader(session, true);
    const ids = [...records.map((r) => r.id).reverse(), 'missing'];
    const found = await loader.manyById(emailPlan, ids);
    expect(found.map((r) => (r as Resource | null)?.id ?? null)).toEqual([
      ...ids.slice(0, 60),
      null,
    ]);
    expect(session.calls.map((c) => (c.query.filter!.id_in as string[]).length)).toEqual([
      25, 25, 11,
    ]);
    expect(session.calls[0]!.query.fields).toEqual({ customers: ['email'] });
  });

  it('serves a lookup from an earlier answer that covers its plan, without a request', async () => {
    const session = recordingSession([]);
    const loader = new ResourceLoader(session, true);
    const group = resource('customer_groups', 'g1', { name: 'VIP' });
    loader.remember(resource('customers', 'c1', { email: 'a@x.io' }, { customer_group: group }));
    const groupPlan: Plan = {
      type: 'customer_groups',
      fields: new Set(['name']),
      includes: new Map(),
    };
    expect(await loader.byId(groupPlan, 'g1')).toBe(group);
    expect(await loader.byId(emailPlan, 'c1')).toMatchObject({ id: 'c1' });
    expect(session.calls).toHaveLength(0);
    const wider: Plan = {
      type: 'customer_groups',
      fields: new Set(['name', 'code']),
      includes: new Map(),
    };
    expect(await loader.byId(wider, 'g1')).toBeNull();
    expect(session.calls).toHaveLength(1);
  });

  it('forgets a written resource so the next read asks the upstream', async () => {
    const session = recordingSession([resource('customers', 'c1', { email: 'new@x.io' })]);
    const loader = new ResourceLoader(session, true);
    loader.remember(resource('customers', 'c1', { email: 'old@x.io' }));
    loader.forget('customers', 'c1');
    const fresh = await loader.byId(emailPlan, 'c1');
    expect(fresh?.attributes.email).toBe('new@x.io');
    expect(session.calls).toHaveLength(1);
  });

  it('keeps loaders per instance: two requests never share results', async () => {
    const a = new ResourceLoader(
      recordingSession([resource('customers', 'c1', { email: 'a@x.io' })]),
      true,
    );
    const b = new ResourceLoader(
      recordingSession([resource('customers', 'c1', { email: 'b@x.io' })]),
      true,
    );
    const [fromA, fromB] = await Promise.all([a.byId(emailPlan, 'c1'), b.byId(emailPlan, 'c1')]);
    expect(fromA?.attributes.email).toBe('a@x.io');
    expect(fromB?.attributes.email).toBe('b@x.io');
  });
});
