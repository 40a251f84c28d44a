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
import { createServer } from 'node:http';
import { createAdminHandler } from "./admin.js";
import { createApi as createRealApi } from "./api.js";
import { createAuth, } from "./auth.js";
import { createClock } from "./clock.js";
import { Faults } from "./faults.js";
import { createRequestListener } from "./http-server.js";
import { RateLimiter } from "./rate-limit.js";
import { RequestLog } from "./request-log.js";
export const DEFAULT_ORGANIZATION = { id: 'EmuOrgAbCd', slug: 'emulator' };
function lifetimes(ttl) {
    return typeof ttl === 'number' ? { integration: ttl, salesChannel: ttl } : ttl;
}
function originOf(host, port) {
    const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
    return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
export async function createEmulator(options = {}) {
    const host = options.host ?? '127.0.0.1';
    const organization = options.organization ?? DEFAULT_ORGANIZATION;
    const clock = createClock(options.clockOffsetMs ?? 0);
    const makeApi = options.createApi ?? createRealApi;
    const apiOptions = {
        clock,
        organization,
        ...(options.db === undefined ? {} : { db: options.db }),
        ...(options.anonymization === undefined ? {} : { anonymization: options.anonymization }),
        ...(options.webhooks === undefined ? {} : { webhooks: options.webhooks }),
        test: options.testMode ?? true,
    };
    const api = makeApi(apiOptions);
    const seedOptions = { customers: options.customers ?? 200, seed: options.seed ?? 1 };
    let seedSummary;
    let customer = { id: '', email: '', password: '' };
    let marketScope = 'market:all';
    try {
        if (options.seedData ?? true) {
            const stored = Object.values(api.counts()).reduce((sum, count) => sum + count, 0);
            if (stored === 0) {
                seedSummary = api.seed(seedOptions);
                customer = seedSummary.customer;
                marketScope = `market:code:${seedSummary.marketCode}`;
            }
            else {
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
                }
                finally {
                    probe.close();
                }
            }
        }
    }
    catch (error) {
        api.close();
        throw error;
    }
    const requestLog = new RequestLog(options.requestLogCapacity);
    const faults = new Faults(options.faultSeed ?? 1);
    for (const spec of options.faults ?? []) {
        faults.add(spec);
    }
    const rateLimitOption = options.rateLimit ?? true;
    const rateLimiter = new RateLimiter(typeof rateLimitOption === 'boolean' ? { enabled: rateLimitOption } : rateLimitOption);
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
    const credentials = { ...auth.credentials, customer, marketScope };
    const held = new Set();
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
    const server = createServer(createRequestListener({
        api,
        auth,
        rateLimiter,
        faults,
        requestLog,
        clock,
        held,
        admin,
        onError: options.onError ?? ((error) => console.error('[emulator]', error)),
    }));
    // Keep-alive friendly: outlive typical client pools' idle timeouts.
    server.keepAliveTimeout = 30_000;
    server.headersTimeout = 31_000;
    try {
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(options.port ?? 0, host, () => {
                server.off('error', reject);
                resolve();
            });
        });
    }
    catch (error) {
        api.close();
        throw error;
    }
    const port = server.address().port;
    origin = originOf(host, port);
    api.setBaseUrl?.(`${origin}/api`);
    // Anonymization steps fire their webhooks when the clock reaches them, not at the next call.
    const ticker = setInterval(() => {
        try {
            api.tick?.();
        }
        catch (error) {
            (options.onError ?? ((e) => console.error('[emulator]', e)))(error);
        }
    }, options.tickMs ?? 250);
    ticker.unref();
    const integrationAuth = {
        kind: 'integration',
        clientId: auth.credentials.integration.clientId,
        test: options.testMode ?? true,
        marketIds: [],
    };
    const webhooks = {
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
            const body = response.body;
            if (response.status !== 201 || !body.data) {
                throw new Error(`webhook not created: ${response.status} ${JSON.stringify(body.errors)}`);
            }
            return {
                id: body.data.id,
                sharedSecret: body.data.attributes.shared_secret,
                resource: body.data,
            };
        },
    };
    let closing;
    const close = () => {
        closing ??= new Promise((resolve) => {
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
//# sourceMappingURL=app.js.map