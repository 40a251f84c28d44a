import { z } from 'zod';

const booleanSetting = z
  .enum(['true', 'false', '1', '0', 'on', 'off'])
  .transform((value) => value === 'true' || value === '1' || value === 'on');

const positiveInt = z.coerce.number().int().positive();

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
  CL_CLIENT_ID: {
    schema: z.string().min(1).optional(),
    help: "Client id for the gateway's own client-credentials token (used when a caller sends no Authorization header).",
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
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    help: 'Log level (pino JSON lines on stdout): info logs one line per GraphQL request, debug adds one per upstream HTTP call.',
  },
  METRICS: {
    schema: booleanSetting.default(true),
    help: 'Serve Prometheus metrics at /metrics (on) or collect none (off).',
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
    help: 'Let validation errors suggest field names ("Did you mean …?"). Default: on, off when NODE_ENV=production.',
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
    help: 'production turns introspection and field suggestions off by default.',
  },
} as const;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

const SECRET_SETTINGS = new Set(['REDIS_URL', 'CL_CLIENT_SECRET']);

/** A setting that failed validation: names it and says what is expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates every setting once. Throws a ConfigError naming each wrong setting. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const shape = Object.fromEntries(
    Object.entries(settings).map(([key, setting]) => [key, setting.schema]),
  ) as { [K in keyof Settings]: Settings[K]['schema'] };
  const input = Object.fromEntries(
    Object.keys(settings).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = z.object(shape).safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      const help = key in settings ? settings[key as keyof Settings].help : '';
      // Values that may hold a secret (a password in a URL) are never echoed.
      const shown = SECRET_SETTINGS.has(key) ? 'a value not shown' : JSON.stringify(input[key]);
      return `${key}: ${issue.message} (got ${shown}). ${help}`;
    });
    throw new ConfigError(`Invalid settings:\n  ${lines.join('\n  ')}`);
  }
  const config = result.data as Config;
  if (config.CL_BASE_URL && !config.CL_CLIENT_ID) {
    // Allowed: every caller then sends its own token. Worth saying at start, not an error.
  }
  if (config.CL_CLIENT_SECRET && !config.CL_CLIENT_ID) {
    throw new ConfigError(
      'Invalid settings:\n  CL_CLIENT_ID: required when CL_CLIENT_SECRET is set.',
    );
  }
  return config;
}

/** Introspection and field suggestions: as set, else on except when NODE_ENV=production. */
export function schemaExposureOf(config: Config): {
  introspection: boolean;
  fieldSuggestions: boolean;
} {
  const production = config.NODE_ENV === 'production';
  return {
    introspection: config.INTROSPECTION ?? !production,
    fieldSuggestions: config.FIELD_SUGGESTIONS ?? !production,
  };
}

/** The `--help` text: every setting with its default. */
export function settingsHelp(): string {
  const width = Math.max(...Object.keys(settings).map((key) => key.length)) + 2;
  return Object.entries(settings)
    .map(([key, setting]) => {
      const parsed = setting.schema.safeParse(undefined);
      const fallback =
        parsed.success && parsed.data !== undefined ? ` (default: ${parsed.data})` : '';
      return `  ${key.padEnd(width)}${setting.help}${fallback}`;
    })
    .join('\n');
}
