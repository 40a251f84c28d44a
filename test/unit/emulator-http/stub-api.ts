import type { Api, ApiRequest, ApiResponse } from '../../../src/emulator/types.ts';

/**
 * A stand-in for the JSON:API layer, for unit tests of the HTTP layer only: it echoes what the
 * HTTP layer handed it, so tests can assert on the parsed request. Integration tests use the real
 * `createApi`.
 */
export function createStubApi(): Api & { readonly requests: ApiRequest[] } {
  const requests: ApiRequest[] = [];
  return {
    requests,
    handle(request: ApiRequest): ApiResponse {
      requests.push(request);
      if (request.segments[0] === 'boom') {
        throw new Error('stub failure');
      }
      if (request.method === 'DELETE') {
        return { status: 204 };
      }
      return {
        status: request.method === 'POST' ? 201 : 200,
        body: {
          data: [],
          meta: {
            echo: {
              method: request.method,
              segments: request.segments,
              query: Object.fromEntries(request.query),
              body: request.body ?? null,
              auth: request.auth,
              baseUrl: request.baseUrl,
            },
          },
        },
      };
    },
    authenticateCustomer: (email, password) =>
      email === 'jane@example.com' && password === 'secret' ? 'CustJane01' : null,
    resolveScope: (scope) => (scope === 'market:code:europe' ? ['MarketEu01'] : null),
    seed: () => ({
      customer: { id: 'CustJane01', email: 'jane@example.com', password: 'secret' },
      marketCode: 'europe',
      counts: { customers: 1 },
    }),
    counts: () => ({}),
    close: () => {},
  };
}
