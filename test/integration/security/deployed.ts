import {
  type DeployedGateway,
  startDeployed as startDeployedProcess,
} from '../../helpers/deployed.ts';

export type { DeployedGateway } from '../../helpers/deployed.ts';

/** tsx compiles the whole server: slow on a busy machine. */
export const START_TIMEOUT_MS = 120_000;

/** `src/server.ts` as deployed (see `test/helpers/deployed.ts`), with these settings. */
export function startDeployed(
  env: Record<string, string> = {},
  emulatorCustomers = 30,
): Promise<DeployedGateway> {
  return startDeployedProcess({ env, emulator: { customers: emulatorCustomers } });
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions?: Record<string, unknown> & { code?: string };
    }[];
  };
  /** `/api/*` requests the emulator served while answering. */
  readonly upstreamRequests: number;
}

/** POSTs JSON to the gateway with the caller's bearer token and counts upstream requests. */
export async function post(
  gateway: DeployedGateway,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer> {
  const since = gateway.emulator.requestLog.lastSeq;
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as GraphQLAnswer['body']),
    upstreamRequests: gateway.upstreamSince(since),
  };
}
