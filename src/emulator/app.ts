/**
 * `createEmulator(options)`: a local Commerce Layer on node:http. It builds the JSON:API layer
 * (`createApi`), seeds it, mints tokens, and listens (port 0 picks a free port). Tests use it in
 * process; `main.ts` is the CLI around it.
 *
 * ```ts
 * const emulator = await createEmulator({ port: 0, customers: 30, rateLimit: false });
 * // emulator.apiUrl, emulator.authUrl, emulator.credentials.integration, emulator.requestLog
 * await emulator.close();
 * ```
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminHandler } from './admin.ts';
import { createApi as createRealApi } from './api.ts';
import {
  type ClientCredentials,
  createAuth,
  type IntegrationCredentials,
  type SalesChannelCredentials,
  type TokenLifetimes,
} from './auth.ts';
import { type AdjustableClock, createClock } from './clock.ts';
import { type FaultSpec, Faults } from './faults.ts';
import { createRequestListener } from './http-server.ts';
import { RateLimiter, type RateLimitKey, type RateLimitOverrides } from './rate-limit.ts';
import { RequestLog } from './request-log.ts';
import type { Api, ApiOptions, AuthContext, SeedSummary } from './types.ts';
import type { WebhookDispatcher, WebhookOptions } from './webhooks.ts';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`: the admin endpoint is unprotected, keep it on loopback. */
  readonly host?: string;
  /** SQLite file; default in memory. A file that already holds data is not seeded again. */
  readonly db?: string;
  /** Seeded customers (default 200); 0 with `seedData: false` leaves the store empty. */
  readonly customers?: number;
  /** Seed of the deterministic demo data (default 1). */
  readonly seed?: number;
  /** Seed the store (default true). */
  readonly seedData?: boolean;
  readonly organization?: { readonly id: string; readonly slug: string };
  readonly credentials?: {
    readonly integration?: IntegrationCredentials;
    readonly salesChannel?: SalesChannelCredentials;
  };
  /** Access token lifetime in seconds: one number for every kind, or per kind. */
  readonly tokenTtlSeconds?: number | Partial<TokenLifetimes>;
  /**
   * `false` turns rate limiting off; an object sets it on/off, overrides limits, and chooses what
   * `/api` requests are counted by: `by: 'ip'` (default, as Commerce Layer) or `'client'` (the
   * token's client id, for parallel tests sharing one emulator).
   */
  readonly rateLimit?:
    | boolean
    | {
        readonly enabled?: boolean;
        readonly limits?: RateLimitOverrides;
        readonly by?: RateLimitKey;
      };
  /** Webhook delivery settings: retry backoff, retries, circuit threshold, receiver timeout. */
  readonly webhooks?: WebhookOptions;
  /** How often (ms) the emulator clock is checked for due anonymization events (default 250). */
  readonly tickMs?: number;
  /** Fault rules active from the start. */
  readonly faults?: readonly FaultSpec[];
  /** Seed of the fault PRNG (default 1): the same rules hit the same requests on every run. */
  readonly faultSeed?: number;
  /** Anonymization timings of the JSON:API layer. */
  readonly anonymization?: ApiOptions['anonymization'];
  /** Starts the clock this many ms ahead of real time. */
  readonly clockOffsetMs?: number;
  /** The `test` claim of minted tokens (default true: test-mode limits and `meta.mode`). */
  readonly testMode?: boolean;
  /**
   * The JWT `iss` (default `https://auth.commercelayer.io`, as Commerce Layer's: the official SDK
   * derives its API domain from it, so keep the default when testing with the SDK).
   */
  readonly tokenIssuer?: string;
  /** Request log capacity (default 10 000 entries; older ones are dropped). */
  readonly requestLogCapacity?: number;
  /** Replaces the JSON:API layer (unit tests of the HTTP layer only). */
  readonly createApi?: (options: ApiOptions) => Api;
  /** Called with errors the JSON:API layer throws (answered as 500); default `console.error`. */
  readonly onError?: (error: unknown) => void;
}

export interface EmulatorCredentials extends ClientCredentials {
  /** A seeded customer for the password grant. */
  readonly customer: { readonly id: string; readonly email: string; readonly password: string };
  /** A scope naming a seeded market, e.g. `market:code:europe`. */
  readonly marketScope: string;
}

export interface RunningEmulator {
  /** Origin, e.g. `http://127.0.0.1:4001`. */
  readonly url: string;
  /** `${url}/api`. */
  readonly apiUrl: string;
  /** The token endpoint, `${url}/oauth/token`. */
  readonly authUrl: string;
  readonly jwksUrl: string;
  /** `${url}/_emulator`. */
  readonly adminUrl: string;
  readonly port: number;
  readonly organization: { readonly id: string; readonly slug: string };
  readonly credentials: EmulatorCredentials;
  /** What seeding produced (undefined when the store was not seeded by this run). */
  readonly seedSummary: SeedSummary | undefined;
  readonly api: Api;
  readonly requestLog: RequestLog;
  readonly faults: Faults;
  readonly rateLimiter: RateLimiter;
  readonly clock: AdjustableClock;
  /**
   * Webhooks: `create()` registers one in process (what `POST /api/webhooks` with the
   * integration token does over HTTP) and returns its id and shared secret; `dispatcher` lists
   * deliveries, sets delivery faults and waits for idle.
   */
  readonly webhooks: EmulatorWebhooks;
  /** Stops listening, drops open and held connections, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

export interface WebhookInput {
  readonly topic: string;
  readonly callbackUrl: string;
  readonly includeResources?: readonly string[];
  readonly name?: string;
}

export interface CreatedWebhook {
  readonly id: string;
  readonly sharedSecret: string;
  /** The JSON:API resource as `POST /api/webhooks` answered it. */
  readonly resource: Record<string, unknown>;
}

export interface EmulatorWebhooks {
  create(input: WebhookInput): CreatedWebhook;
  readonly dispatcher: WebhookDispatcher;
}

export const DEFAULT_ORGANIZATION = { id: 'EmuOrgAbCd', slug: 'emulator' } as const;

function lifetimes(ttl: EmulatorOptions['tokenTtlSeconds']): Partial<TokenLifetimes> | undefined {
  return typeof ttl === 'number' ? { integration: ttl, salesChannel: ttl } : ttl;
}

function originOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const organization = options.organization ?? DEFAULT_ORGANIZATION;
  const clock = createClock(options.clockOffsetMs ?? 0);
  const makeApi = options.createApi ?? createRealApi;
  const apiOptions: ApiOptions = {
    clock,
    organization,
    ...(options.db === undefined ? {} : { db: options.db }),
    ...(options.anonymization === undefined ? {} : { anonymization: options.anonymization }),
    ...(options.webhooks === undefined ? {} : { webhooks: options.webhooks }),
    test: options.testMode ?? true,
  };
  const api = makeApi(apiOptions);
  const seedOptions = { customers: options.customers ?? 200, seed: options.seed ?? 1 };

  let seedSummary: SeedSummary | undefined;
  let customer: EmulatorCredentials['customer'] = { id: '', email: '', password: '' };
  let marketScope = 'market:all';
  try {
    if (options.seedData ?? true) {
      const stored = Object.values(api.counts()).reduce((sum, count) => sum + count, 0);
      if (stored === 0) {
        seedSummary = api.seed(seedOptions);
        customer = seedSummary.customer;
        marketScope = `market:code:${seedSummary.marketCode}`;
      } else {
        // A persisted store: the seed is deterministic, so an in-memory replay names the same
        // demo customer and market (checked below; a store seeded differently leaves them blank).
        const probe = makeApi({ ...apiOptions, db: ':memory:' });
        try {
          const replay = probe.seed(seedOptions);
          if (api.authenticateCustomer(replay.customer.email, replay.customer.password) !== null) {
            customer = replay.customer;
          }
          if (api.resolveScope(`market:code:${replay.marketCode}`) !== null) {
            marketScope = `market:code:${replay.marketCode}`;
          }
        } finally {
          probe.close();
        }
      }
    }
  } catch (error) {
    api.close();
    throw error;
  }

  const requestLog = new RequestLog(options.requestLogCapacity);
  const faults = new Faults(options.faultSeed ?? 1);
  for (const spec of options.faults ?? []) {
    faults.add(spec);
  }
  const rateLimitOption = options.rateLimit ?? true;
  const rateLimiter = new RateLimiter(
    typeof rateLimitOption === 'boolean' ? { enabled: rateLimitOption } : rateLimitOption,
  );

  let origin = '';
  const auth = await createAuth({
    organization,
    clock,
    api,
    ...(options.tokenIssuer === undefined ? {} : { issuer: options.tokenIssuer }),
    test: options.testMode ?? true,
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.tokenTtlSeconds === undefined
      ? {}
      : { lifetimes: lifetimes(options.tokenTtlSeconds) }),
  });
  const credentials: EmulatorCredentials = { ...auth.credentials, customer, marketScope };

  const held = new Set<ServerResponse>();
  const describe = () => ({
    url: origin,
    api_url: `${origin}/api`,
    auth_url: `${origin}/oauth/token`,
    organization,
    credentials,
    token_lifetimes: auth.lifetimes,
  });
  const admin = createAdminHandler({
    api,
    faults,
    rateLimiter,
    requestLog,
    clock,
    describe,
    ...(api.webhooks ? { webhooks: api.webhooks } : {}),
  });
  const server: Server = createServer(
    createRequestListener({
      api,
      auth,
      rateLimiter,
      faults,
      requestLog,
      clock,
      held,
      admin,
      onError: options.onError ?? ((error) => console.error('[emulator]', error)),
    }),
  );
  // Keep-alive friendly: outlive typical client pools' idle timeouts.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 31_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    api.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  origin = originOf(host, port);
  api.setBaseUrl?.(`${origin}/api`);
  // Anonymization steps fire their webhooks when the clock reaches them, not at the next call.
  const ticker = setInterval(() => {
    try {
      api.tick?.();
    } catch (error) {
      (options.onError ?? ((e) => console.error('[emulator]', e)))(error);
    }
  }, options.tickMs ?? 250);
  ticker.unref();

  const integrationAuth: AuthContext = {
    kind: 'integration',
    clientId: auth.credentials.integration.clientId,
    test: options.testMode ?? true,
    marketIds: [],
  };
  const webhooks: EmulatorWebhooks = {
    get dispatcher() {
      if (!api.webhooks) {
        throw new Error('this API has no webhooks');
      }
      return api.webhooks;
    },
    create(input) {
      const response = api.handle({
        method: 'POST',
        segments: ['webhooks'],
        query: new URLSearchParams(),
        body: {
          data: {
            type: 'webhooks',
            attributes: {
              topic: input.topic,
              callback_url: input.callbackUrl,
              ...(input.includeResources ? { include_resources: [...input.includeResources] } : {}),
              ...(input.name ? { name: input.name } : {}),
            },
          },
        },
        auth: integrationAuth,
        baseUrl: `${origin}/api`,
      });
      const body = response.body as {
        data?: { id: string; attributes: { shared_secret: string } };
        errors?: unknown;
      };
      if (response.status !== 201 || !body.data) {
        throw new Error(`webhook not created: ${response.status} ${JSON.stringify(body.errors)}`);
      }
      return {
        id: body.data.id,
        sharedSecret: body.data.attributes.shared_secret,
        resource: body.data as unknown as Record<string, unknown>,
      };
    },
  };

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      clearInterval(ticker);
      for (const response of held) {
        response.destroy();
      }
      held.clear();
      server.close(() => {
        api.close();
        resolve();
      });
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: origin,
    apiUrl: `${origin}/api`,
    authUrl: `${origin}/oauth/token`,
    jwksUrl: `${origin}/.well-known/jwks.json`,
    adminUrl: `${origin}/_emulator`,
    port,
    organization,
    credentials,
    seedSummary,
    api,
    requestLog,
    faults,
    rateLimiter,
    clock,
    webhooks,
    close,
  };
}
