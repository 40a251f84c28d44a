import { z } from 'zod';
import { organizationOfBaseUrl } from "./auth/verify.js";
const booleanSetting = z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .transform((value) => value === 'true' || value === '1' || value === 'on');
const positiveInt = z.coerce.number().int().positive();
/** A comma-separated setting as its trimmed, non-empty entries. */
function listOf(value) {
    return (value ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
}
/** `scheme://host[:port]` and nothing else (what a browser sends as `Origin`). */
function isOrigin(value) {
    try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    }
    catch {
        return false;
    }
}
/**
 * Every setting, read once from the environment at start. The descriptions are printed by
 * `--help` and mirrored in the README's settings table.
 */
export const settings = {
    PORT: {
        schema: z.coerce.number().int().min(0).max(65535).default(4000),
        help: 'Port the gateway listens on.',
    },
    HOST: {
        schema: z.string().min(1).default('127.0.0.1'),
        help: 'Interface the gateway binds to (0.0.0.0 for all).',
    },
    CL_BASE_URL: {
        schema: z.url().optional(),
        help: 'Commerce Layer Core API base URL, e.g. https://acme.commercelayer.io/api. Unset: the embedded emulator runs.',
    },
    CL_AUTH_URL: {
        schema: z.url().optional(),
        help: "OAuth token endpoint. Default: https://auth.commercelayer.io/oauth/token (the emulator's own when embedded).",
    },
    CL_ORGANIZATION: {
        schema: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]*$/i)
            .optional(),
        help: "Organization slug that callers' tokens must carry. Default: read from CL_BASE_URL (https://<slug>.commercelayer.io/api); required when CL_BASE_URL has another host.",
    },
    CL_JWKS_URL: {
        schema: z.url().optional(),
        help: "Key set that verifies callers' access tokens. Default: https://auth.commercelayer.io/.well-known/jwks.json (the emulator's own when embedded).",
    },
    CL_TOKEN_ISSUER: {
        schema: z.url().default('https://auth.commercelayer.io'),
        help: "The iss claim callers' access tokens must carry.",
    },
    CL_CLIENT_ID: {
        schema: z.string().min(1).optional(),
        help: "Client id of the gateway's own credential: readiness checks, and anonymous callers only when ALLOW_ANONYMOUS is on. Callers' operations use their own tokens.",
    },
    CL_CLIENT_SECRET: {
        schema: z.string().min(1).optional(),
        help: 'Client secret of an integration credential (omit for a sales channel).',
    },
    CL_SCOPE: {
        schema: z.string().min(1).optional(),
        help: "OAuth scope for the gateway's token, e.g. market:code:europe.",
    },
    UPSTREAM_TIMEOUT_MS: {
        schema: positiveInt.default(10_000),
        help: 'Timeout of one upstream HTTP attempt, in ms.',
    },
    UPSTREAM_DEADLINE_MS: {
        schema: positiveInt.default(25_000),
        help: 'Total time one upstream call may take, retries included, in ms.',
    },
    UPSTREAM_RETRY_LIMIT: {
        schema: z.coerce.number().int().min(0).max(10).default(2),
        help: 'Retries of a GET on 429/502/503/504, timeouts and dropped connections. Writes are never retried.',
    },
    UPSTREAM_MAX_RETRY_AFTER_MS: {
        schema: z.coerce.number().int().min(0).default(10_000),
        help: 'Longest Retry-After the gateway waits before answering RATE_LIMITED instead.',
    },
    ALLOW_ANONYMOUS: {
        schema: booleanSetting.default(false),
        help: "Run requests without an Authorization header with the gateway's own credential (CL_CLIENT_ID): anyone who reaches the port acts as that credential. Off: they get 401. Refused with NODE_ENV=production unless ALLOW_ANONYMOUS_IN_PRODUCTION is on; logged as a warning at start.",
    },
    ALLOW_ANONYMOUS_IN_PRODUCTION: {
        schema: booleanSetting.default(false),
        help: 'Acknowledges the risk of ALLOW_ANONYMOUS with NODE_ENV=production.',
    },
    EMULATOR: {
        schema: booleanSetting.optional(),
        help: 'Run the embedded Commerce Layer emulator (demo data, no real customers). Default: on when CL_BASE_URL is unset, except with NODE_ENV=production, which then refuses to start.',
    },
    QUERY_PLANNING: {
        schema: booleanSetting.default(true),
        help: 'Compile selection sets into include/fields (on) or load each field on its own (off, for comparison).',
    },
    EMULATOR_PORT: {
        schema: z.coerce.number().int().min(0).max(65535).default(4001),
        help: 'Port of the embedded emulator (only without CL_BASE_URL).',
    },
    EMULATOR_CUSTOMERS: {
        schema: z.coerce.number().int().min(0).default(200),
        help: 'Customers the embedded emulator seeds.',
    },
    EMULATOR_SEED: {
        schema: z.coerce.number().int().default(1),
        help: "Seed of the embedded emulator's deterministic data.",
    },
    EMULATOR_DB: {
        schema: z.string().min(1).optional(),
        help: 'SQLite file for the embedded emulator (default: in memory).',
    },
    EMULATOR_RATE_LIMIT: {
        schema: booleanSetting.default(true),
        help: "Apply Commerce Layer's rate limits in the embedded emulator.",
    },
    SHUTDOWN_TIMEOUT_MS: {
        schema: positiveInt.default(10_000),
        help: 'On SIGTERM/SIGINT: longest wait for in-flight requests to finish before their connections are closed.',
    },
    LOG_LEVEL: {
        schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        help: 'Log level (pino JSON lines on stdout): info logs one line per GraphQL request, debug adds one per upstream HTTP call.',
    },
    METRICS: {
        schema: booleanSetting.default(true),
        help: 'Serve Prometheus metrics at /metrics on METRICS_HOST:METRICS_PORT (on) or collect none (off).',
    },
    METRICS_PORT: {
        schema: z.coerce.number().int().min(0).max(65535).default(9464),
        help: 'Port of the separate /metrics listener (never the GraphQL port).',
    },
    METRICS_HOST: {
        schema: z.string().min(1).default('127.0.0.1'),
        help: 'Interface of the /metrics listener: loopback unless a scraper elsewhere needs it (e.g. 0.0.0.0 in a container).',
    },
    READINESS_TIMEOUT_MS: {
        schema: positiveInt.default(2_000),
        help: 'Longest wait for the upstream check of /readiness before it answers 503.',
    },
    OTEL_TRACES_EXPORTER: {
        schema: z.enum(['otlp', 'console', 'none']).optional(),
        help: 'OpenTelemetry trace exporter: otlp (OTLP/HTTP), console or none. Unset: otlp when an OTLP endpoint is set, else tracing is off.',
    },
    OTEL_EXPORTER_OTLP_ENDPOINT: {
        schema: z.url().optional(),
        help: 'OTLP/HTTP collector base URL, e.g. http://localhost:4318 (traces go to /v1/traces). Read by the OpenTelemetry exporter.',
    },
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: {
        schema: z.url().optional(),
        help: 'Full OTLP/HTTP traces URL; overrides OTEL_EXPORTER_OTLP_ENDPOINT for traces. Read by the OpenTelemetry exporter.',
    },
    OTEL_SERVICE_NAME: {
        schema: z.string().min(1).default('customers-gateway'),
        help: 'service.name of exported spans.',
    },
    CL_WEBHOOK_SECRETS: {
        schema: z
            .string()
            .optional()
            .transform((value) => (value ?? '')
            .split(',')
            .map((secret) => secret.trim())
            .filter((secret) => secret.length > 0)),
        help: 'Shared secrets of the Commerce Layer webhooks that POST to /webhooks/commercelayer, comma-separated (one per webhook; old and new while rotating). npm run webhooks:register prints them. Unset with CL_BASE_URL: every webhook is refused (401). The embedded emulator registers its own.',
    },
    WEBHOOK_MAX_BODY_BYTES: {
        schema: positiveInt.default(1_048_576),
        help: 'Largest webhook body accepted (413 beyond).',
    },
    WEBHOOK_DEDUP_WINDOW_MS: {
        schema: positiveInt.default(3_600_000),
        help: "How long a webhook delivery (topic and body) is remembered so that Commerce Layer's retries of it are published once.",
    },
    PUBLIC_URL: {
        schema: z.url().optional(),
        help: "This gateway's URL as the upstream reaches it, for the webhook callback (default http://127.0.0.1:PORT, which only the embedded emulator reaches).",
    },
    MAX_QUERY_COST: {
        schema: positiveInt.default(25),
        help: "Largest predicted cost (Commerce Layer requests) of one operation; costlier ones are refused with QUERY_TOO_EXPENSIVE before any upstream call. Default: Commerce Layer's 10-second burst for uncacheable reads (test mode).",
    },
    MAX_DEPTH: {
        schema: positiveInt.default(8),
        help: 'Deepest field nesting of an operation (QUERY_TOO_DEEP beyond).',
    },
    MAX_ALIASES: {
        schema: z.coerce.number().int().min(0).default(15),
        help: 'Most aliased fields in an operation (TOO_MANY_ALIASES beyond).',
    },
    MAX_DIRECTIVES: {
        schema: z.coerce.number().int().min(0).default(50),
        help: 'Most directives in an operation (TOO_MANY_DIRECTIVES beyond).',
    },
    MAX_TOKENS: {
        schema: positiveInt.default(2_000),
        help: 'Most lexical tokens in a document (QUERY_TOO_LARGE beyond).',
    },
    INTROSPECTION: {
        schema: booleanSetting.optional(),
        help: 'Answer __schema/__type queries. Default: on, off when NODE_ENV=production.',
    },
    FIELD_SUGGESTIONS: {
        schema: booleanSetting.optional(),
        help: 'Let errors suggest schema names ("Did you mean …?": fields, arguments, enum values, variables, types). Default: on, off when NODE_ENV=production.',
    },
    GRAPHIQL: {
        schema: booleanSetting.optional(),
        help: 'Serve GraphiQL at the GraphQL endpoint to browsers. Default: on, off when NODE_ENV=production.',
    },
    FEDERATION_SDL_SECRET: {
        schema: z.string().min(16).optional(),
        help: 'With introspection off, `_service { sdl }` is answered only to requests carrying this value in the x-federation-sdl-secret header (a supergraph router). Unset: refused. At least 16 characters.',
    },
    MAX_BODY_BYTES: {
        schema: positiveInt.default(1_048_576),
        help: 'Largest request body in bytes (Content-Length and bytes actually read, chunked bodies included); larger ones are answered 413.',
    },
    CORS_ORIGINS: {
        schema: z
            .string()
            .optional()
            .refine((value) => listOf(value).every((origin) => origin === '*' || isOrigin(origin)), 'each entry must be an origin such as https://shop.example.com (or *)'),
        help: 'Comma-separated browser origins allowed to call the gateway (CORS), e.g. https://shop.example.com; * allows any origin. Never with credentials. Unset: no CORS headers, browsers on other origins are refused.',
    },
    TRUSTED_DOCUMENTS: {
        schema: z.string().min(1).optional(),
        help: "Path of a trusted documents manifest (codegen's persisted-documents.json): when set, only its operations run, by documentId.",
    },
    REDIS_URL: {
        schema: z
            .url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' })
            .optional(),
        help: "Redis shared by every replica (redis://[user:password@]host:port[/db], rediss:// for TLS): idempotency keys, customer locks, the gateway's token and the Commerce Layer rate budget. Unset: all of it stays in this process's memory.",
    },
    REDIS_KEY_PREFIX: {
        schema: z.string().min(1).max(64).default('cgw:'),
        help: 'Prefix of every Redis key the gateway writes (several gateways may share one Redis).',
    },
    RATE_BUDGET: {
        schema: z.enum(['test', 'live', 'off']).optional(),
        help: "Spend Commerce Layer's rate limits (test or live numbers) as a budget before each upstream request: over it, an operation waits when the wait fits its deadline, else RATE_LIMITED with retryAfter, before any upstream call. Shared by the fleet with REDIS_URL. Default: test with REDIS_URL or the embedded emulator's rate limits, else off.",
    },
    RATE_BUDGET_SHARE: {
        schema: z.coerce.number().gt(0).max(1).default(1),
        help: "Fraction of Commerce Layer's limits the gateway may spend (leave the rest to other clients calling from the same IP).",
    },
    IDEMPOTENCY_LEASE_MS: {
        schema: z.coerce.number().int().min(1_000).default(120_000),
        help: 'How long an Idempotency-Key claim holds while its request runs; a claim left by a replica that died answers IDEMPOTENCY_OUTCOME_UNKNOWN after it.',
    },
    NODE_ENV: {
        schema: z.string().default('development'),
        help: 'production turns introspection, field suggestions and GraphiQL off by default.',
    },
};
const SECRET_SETTINGS = new Set(['REDIS_URL', 'CL_CLIENT_SECRET']);
/** A setting that failed validation: names it and says what is expected. */
export class ConfigError extends Error {
    name = 'ConfigError';
}
/** Reads and validates every setting once. Throws a ConfigError naming each wrong setting. */
export function loadConfig(env = process.env) {
    const shape = Object.fromEntries(Object.entries(settings).map(([key, setting]) => [key, setting.schema]));
    const input = Object.fromEntries(Object.keys(settings).map((key) => [key, env[key] === '' ? undefined : env[key]]));
    const result = z.object(shape).safeParse(input);
    if (!result.success) {
        const lines = result.error.issues.map((issue) => {
            const key = String(issue.path[0]);
            const help = key in settings ? settings[key].help : '';
            // Values that may hold a secret (a password in a URL) are never echoed.
            const shown = SECRET_SETTINGS.has(key) ? 'a value not shown' : JSON.stringify(input[key]);
            return `${key}: ${issue.message} (got ${shown}). ${help}`;
        });
        throw new ConfigError(`Invalid settings:\n  ${lines.join('\n  ')}`);
    }
    const config = result.data;
    const problems = deploymentProblems(config);
    if (problems.length > 0) {
        throw new ConfigError(`Invalid settings:\n  ${problems.join('\n  ')}`);
    }
    return config;
}
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** Combinations of settings that are unsafe or cannot work, each naming the setting to change. */
function deploymentProblems(config) {
    const problems = [];
    const production = config.NODE_ENV === 'production';
    if (config.CL_CLIENT_SECRET && !config.CL_CLIENT_ID) {
        problems.push('CL_CLIENT_ID: required when CL_CLIENT_SECRET is set.');
    }
    if (config.CL_BASE_URL) {
        const url = new URL(config.CL_BASE_URL);
        if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
            problems.push("CL_BASE_URL: must be https:// (callers' tokens travel to it); plain http only to a loopback host.");
        }
        const fromUrl = organizationOfBaseUrl(config.CL_BASE_URL);
        if (!fromUrl && !config.CL_ORGANIZATION) {
            problems.push("CL_ORGANIZATION: required when CL_BASE_URL is not https://<slug>.commercelayer.io/api (callers' tokens are checked against it).");
        }
        if (fromUrl && config.CL_ORGANIZATION && fromUrl !== config.CL_ORGANIZATION.toLowerCase()) {
            problems.push(`CL_ORGANIZATION: differs from CL_BASE_URL's organization (${fromUrl}).`);
        }
    }
    else if (production && config.EMULATOR !== true) {
        problems.push('CL_BASE_URL: required with NODE_ENV=production (set EMULATOR=true to run the demo emulator on purpose).');
    }
    if (config.CL_BASE_URL && config.EMULATOR === true) {
        problems.push('EMULATOR: cannot be on together with CL_BASE_URL.');
    }
    if (config.ALLOW_ANONYMOUS) {
        if (production && !config.ALLOW_ANONYMOUS_IN_PRODUCTION) {
            problems.push("ALLOW_ANONYMOUS: refused with NODE_ENV=production (anyone reaching the port would act with the gateway's credential); set ALLOW_ANONYMOUS_IN_PRODUCTION=true to accept that risk.");
        }
        if (config.CL_BASE_URL && !config.CL_CLIENT_ID) {
            problems.push('ALLOW_ANONYMOUS: needs CL_CLIENT_ID (the credential anonymous callers use).');
        }
    }
    return problems;
}
/** Whether the embedded emulator runs: asked for, or by default when no upstream is configured. */
export function usesEmulator(config) {
    return config.EMULATOR ?? !config.CL_BASE_URL;
}
/** The organisation callers' tokens must belong to (deployed mode). */
export function organizationOf(config) {
    return (config.CL_ORGANIZATION ??
        (config.CL_BASE_URL ? organizationOfBaseUrl(config.CL_BASE_URL) : undefined));
}
/** Introspection and field suggestions: as set, else on except when NODE_ENV=production. */
export function schemaExposureOf(config) {
    const production = config.NODE_ENV === 'production';
    return {
        introspection: config.INTROSPECTION ?? !production,
        fieldSuggestions: config.FIELD_SUGGESTIONS ?? !production,
    };
}
/** The CORS allow-list (empty: CORS off). */
export function corsOriginsOf(config) {
    return listOf(config.CORS_ORIGINS);
}
/** GraphiQL: as set, else on except when NODE_ENV=production. */
export function graphiqlOf(config) {
    return config.GRAPHIQL ?? config.NODE_ENV !== 'production';
}
/** The `--help` text: every setting with its default. */
export function settingsHelp() {
    const width = Math.max(...Object.keys(settings).map((key) => key.length)) + 2;
    return Object.entries(settings)
        .map(([key, setting]) => {
        const parsed = setting.schema.safeParse(undefined);
        const fallback = parsed.success && parsed.data !== undefined ? ` (default: ${parsed.data})` : '';
        return `  ${key.padEnd(width)}${setting.help}${fallback}`;
    })
        .join('\n');
}
//# sourceMappingURL=config.js.map