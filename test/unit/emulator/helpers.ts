import { createApi } from '../../../src/emulator/api.ts';
import type { Api, ApiResponse, AuthContext, Clock } from '../../../src/emulator/types.ts';

export const BASE_URL = 'http://127.0.0.1:4001/api';
export const ORGANIZATION = { id: 'OrgTestAbc', slug: 'test-org' } as const;

export const integration: AuthContext = {
  kind: 'integration',
  clientId: 'integration-client',
  test: true,
  marketIds: [],
};

export const guest: AuthContext = {
  kind: 'sales_channel',
  clientId: 'sales-channel-client',
  test: true,
  marketIds: [],
};

export function customerToken(id: string, marketIds: string[] = []): AuthContext {
  return {
    kind: 'sales_channel',
    clientId: 'sales-channel-client',
    test: true,
    ownerCustomerId: id,
    marketIds,
  };
}

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = '2026-11-20T10:00:00.000Z'): FakeClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** What the tests read from JSON:API documents (kept loose on purpose: tests assert shapes). */
export interface Resource {
  id: string;
  type: string;
  links: { self: string };
  attributes: Record<string, unknown>;
  relationships: Record<string, { links: { self: string; related: string }; data?: unknown }>;
  meta: Record<string, unknown>;
}

export interface Document {
  data: Resource | Resource[] | null;
  included?: Resource[];
  meta?: { record_count: number; page_count: number };
  links?: Record<string, string>;
  errors?: {
    title: string;
    detail: string;
    code: string;
    status: string;
    source?: Record<string, string>;
    meta?: Record<string, unknown>;
  }[];
}

export interface TestApi {
  readonly api: Api;
  readonly clock: FakeClock;
  get(path: string, query?: string, auth?: AuthContext): Response;
  post(path: string, body: unknown, auth?: AuthContext, query?: string): Response;
  patch(path: string, body: unknown, auth?: AuthContext, query?: string): Response;
  del(path: string, auth?: AuthContext): Response;
  /** Every record of a list endpoint, all pages. */
  all(path: string, query?: string, auth?: AuthContext): Resource[];
}

export interface Response extends ApiResponse {
  readonly doc: Document;
  readonly list: Resource[];
  readonly one: Resource;
}

function wrap(response: ApiResponse): Response {
  const doc = (response.body ?? {}) as Document;
  return {
    ...response,
    doc,
    get list() {
      return Array.isArray(doc.data) ? doc.data : [];
    },
    get one() {
      if (!doc.data || Array.isArray(doc.data)) {
        throw new Error(`Expected a single resource, got ${JSON.stringify(response.body)}`);
      }
      return doc.data;
    },
  };
}

export function createTestApi(
  options: {
    seed?: { customers: number; seed: number };
    startAfterMs?: number;
    completeAfterMs?: number;
  } = {},
): TestApi {
  const clock = fakeClock();
  const api = createApi({
    clock,
    organization: ORGANIZATION,
    anonymization: {
      startAfterMs: options.startAfterMs ?? 60_000,
      completeAfterMs: options.completeAfterMs ?? 120_000,
    },
  });
  if (options.seed) {
    api.seed(options.seed);
  }
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    query: string,
    body: unknown,
    auth: AuthContext,
  ) =>
    wrap(
      api.handle({
        method,
        segments: path.split('/').filter(Boolean),
        query: new URLSearchParams(query),
        body,
        auth,
        baseUrl: BASE_URL,
      }),
    );
  const test: TestApi = {
    api,
    clock,
    get: (path, query = '', auth = integration) => call('GET', path, query, undefined, auth),
    post: (path, body, auth = integration, query = '') => call('POST', path, query, body, auth),
    patch: (path, body, auth = integration, query = '') => call('PATCH', path, query, body, auth),
    del: (path, auth = integration) => call('DELETE', path, '', undefined, auth),
    all(path, query = '', auth = integration) {
      const records: Resource[] = [];
      for (let page = 1; ; page++) {
        const separator = query ? '&' : '';
        const response = call(
          'GET',
          path,
          `${query}${separator}page[size]=25&page[number]=${page}`,
          undefined,
          auth,
        );
        if (response.status !== 200) {
          throw new Error(`GET ${path} failed: ${JSON.stringify(response.body)}`);
        }
        records.push(...response.list);
        if (page >= (response.doc.meta?.page_count ?? 0)) {
          return records;
        }
      }
    },
  };
  return test;
}

/** Creates a customer through the API and returns it. */
export function createCustomer(
  test: TestApi,
  attributes: Record<string, unknown>,
  relationships?: Record<string, unknown>,
): Resource {
  const response = test.post('customers', {
    data: { type: 'customers', attributes, ...(relationships ? { relationships } : {}) },
  });
  if (response.status !== 201) {
    throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  }
  return response.one;
}

export function createRecord(
  test: TestApi,
  type: string,
  attributes: Record<string, unknown>,
  relationships?: Record<string, unknown>,
): Resource {
  const response = test.post(type, {
    data: { type, attributes, ...(relationships ? { relationships } : {}) },
  });
  if (response.status !== 201) {
    throw new Error(`create ${type} failed: ${JSON.stringify(response.body)}`);
  }
  return response.one;
}
