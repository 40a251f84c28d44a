/**
 * Start and stop of the gateway process, kept out of `server.ts`: the command line (one flag per
 * setting), one-line errors for ports that cannot be bound, the start banner, and a graceful
 * shutdown on SIGTERM/SIGINT. Process side effects stay in `server.ts`, which calls these.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { settings } from './config.ts';

type SettingKey = keyof typeof settings;

/** A start-up failure a user fixes by changing a setting: one line on stderr, exit code 2. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** `EMULATOR_PORT` → `--emulator-port`. */
export function flagOf(key: string): string {
  return `--${key.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * The command line: `--help`, and every setting as a flag (`--port 5000`, `--host 0.0.0.0`,
 * `--emulator-port 0`, `--log-level debug`, …), which wins over the environment variable of the
 * same name. Returns the settings the flags give, as environment entries. Throws a
 * {@link StartupError} for an unknown flag or a positional argument.
 */
export function parseCommandLine(argv: readonly string[]): {
  help: boolean;
  env: Record<string, string>;
} {
  const keys = Object.keys(settings) as SettingKey[];
  const options = Object.fromEntries(
    keys.map((key) => [flagOf(key).slice(2), { type: 'string' as const }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const flag = /'(-{1,2}[^'\s]+)/.exec(text)?.[1];
    throw new StartupError(
      flag
        ? `Unknown or incomplete option ${flag}: every setting is a flag (--port 5000, --host 0.0.0.0); run with --help for the list.`
        : `${text.split('\n')[0]} Run with --help for the options.`,
    );
  }
  const env: Record<string, string> = {};
  for (const key of keys) {
    const value = parsed.values[flagOf(key).slice(2)];
    if (typeof value === 'string') {
      env[key] = value;
    }
  }
  return { help: parsed.values.help === true, env };
}

/** The `--help` text. */
export function usage(settingsHelp: string): string {
  return `customers-gateway: a GraphQL gateway over Commerce Layer's customers API.

Usage: npm start [-- --setting value ...]
       e.g. npm start -- --port 5000 --host 0.0.0.0

Every setting is an environment variable and also a flag: its name in lower case with dashes
(PORT = --port, EMULATOR_PORT = --emulator-port). A flag wins over the variable.

Settings (environment variables):
${settingsHelp}
`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/**
 * The one-line message for a port that could not be bound, naming the setting to change; or
 * undefined when the error is something else.
 */
export function bindErrorMessage(
  error: unknown,
  what: string,
  port: number,
  host: string,
  setting: SettingKey,
): string | undefined {
  const code = errorCode(error);
  const change = `set ${setting} (or ${flagOf(setting)}) to a free port, or 0 for any free port.`;
  if (code === 'EADDRINUSE') {
    return `${what}: port ${port} on ${host} is already in use; ${change}`;
  }
  if (code === 'EACCES') {
    return `${what}: no permission to listen on port ${port} on ${host}; ${change}`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `${what}: ${host} is not an address of this machine; set HOST (or --host) to one of its interfaces, e.g. 127.0.0.1 or 0.0.0.0.`;
  }
  return undefined;
}

/** Listens, turning a port that cannot be bound into a {@link StartupError}. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: unknown) => {
      const message = bindErrorMessage(error, 'Gateway', port, host, 'PORT');
      reject(message ? new StartupError(message) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** What the banner says about the embedded emulator. */
export interface EmulatorBannerFacts {
  readonly apiUrl: string;
  readonly authUrl: string;
  /** Customers in the store now. */
  readonly customers: number;
  /** True when this start seeded the store; false when a persisted store was reused. */
  readonly seeded: boolean;
  /** The SQLite file, when one is used. */
  readonly db?: string;
  readonly rateLimit: boolean;
  readonly salesChannelClientId: string;
  readonly marketScope: string;
  /** The demo customer; blank email when this store was seeded with other options. */
  readonly customer: { readonly email: string; readonly password: string };
}

/**
 * The lines printed at start. Never prints the demo customer's password when `production` is set.
 */
export function startBanner(options: {
  readonly graphqlUrl: string;
  /** GraphiQL served at the GraphQL URL (off by default in production). */
  readonly graphiql: boolean;
  readonly emulator?: EmulatorBannerFacts;
  readonly upstreamUrl?: string;
  readonly production: boolean;
  /** The metrics listener's URL, when metrics are served. */
  readonly metricsUrl?: string;
  /** Token-less requests run with the gateway's credential (emulator, or ALLOW_ANONYMOUS). */
  readonly anonymous: boolean;
  /** Where shared state lives (memory or Redis) and the rate budget's mode. */
  readonly sharedState?: string;
  readonly traces: string;
}): string {
  const lines = [`${options.graphiql ? 'GraphiQL' : 'GraphQL'}: ${options.graphqlUrl}`];
  const emulator = options.emulator;
  if (emulator) {
    const count = `${emulator.customers} customer${emulator.customers === 1 ? '' : 's'}`;
    const data = !emulator.db
      ? `${count}, seeded in memory`
      : emulator.seeded
        ? `${count}, seeded into ${emulator.db}`
        : `${count} already in ${emulator.db}, not seeded again`;
    lines.push(
      `Upstream: embedded Commerce Layer emulator at ${emulator.apiUrl} (${data})`,
      emulator.rateLimit
        ? "  rate limits: Commerce Layer's test-mode limits are enforced (429 beyond them); EMULATOR_RATE_LIMIT=off turns them off."
        : '  rate limits: off (EMULATOR_RATE_LIMIT=off).',
    );
    if (emulator.customer.email === '') {
      lines.push(
        '  demo customer: unknown (this store was seeded with other EMULATOR_CUSTOMERS/EMULATOR_SEED).',
      );
    } else {
      const password = options.production
        ? '<password not shown: NODE_ENV=production>'
        : emulator.customer.password;
      lines.push(
        `  demo customer: ${emulator.customer.email} / ${password}`,
        '  a customer token (password grant):',
        `    curl -s ${emulator.authUrl} -d grant_type=password -d client_id=${emulator.salesChannelClientId} \\`,
        `      -d scope=${emulator.marketScope} -d username=${emulator.customer.email} -d password='${password}'`,
        '  then in GraphiQL, Headers tab: {"Authorization": "Bearer <access_token from the answer>"}',
        '  and ask: { viewer { email } }',
      );
    }
    lines.push(
      '  requests without Authorization use the demo integration credential (emulator only).',
      '  set CL_BASE_URL and credentials to use the real Commerce Layer API.',
    );
  } else {
    lines.push(
      `Upstream: ${options.upstreamUrl}`,
      options.anonymous
        ? "Callers: requests without Authorization run with the gateway's credential (ALLOW_ANONYMOUS)"
        : 'Callers: every request needs Authorization: Bearer <Commerce Layer access token>',
    );
  }
  lines.push(
    'Health: /health (liveness), /readiness (upstream check)',
    `Metrics: ${options.metricsUrl ? `${options.metricsUrl} (Prometheus)` : 'off'}`,
    ...(options.sharedState ? [`Shared state: ${options.sharedState}`] : []),
    `Traces: ${options.traces}`,
    'Stop: Ctrl-C or SIGTERM (in-flight requests finish first, up to SHUTDOWN_TIMEOUT_MS).',
  );
  return `${lines.join('\n')}\n`;
}

/** Counts requests whose response has not finished, and ends keep-alive once stopping. */
export function trackInFlight(server: Server): {
  readonly count: () => number;
  stopping(): void;
  idle(): Promise<void>;
} {
  let inFlight = 0;
  let stopping = false;
  const waiters: (() => void)[] = [];
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    if (stopping) {
      response.setHeader('connection', 'close');
    }
    response.once('close', () => {
      inFlight -= 1;
      if (stopping) {
        server.closeIdleConnections();
      }
      if (inFlight === 0) {
        for (const waiter of waiters.splice(0)) {
          waiter();
        }
      }
    });
  });
  return {
    count: () => inFlight,
    stopping() {
      stopping = true;
    },
    idle: () =>
      inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push(resolve);
          }),
  };
}

export interface ShutdownOptions {
  readonly server: Server;
  readonly inFlight: ReturnType<typeof trackInFlight>;
  /** Longest wait for in-flight requests; then their connections are closed. */
  readonly timeoutMs: number;
  /** Run after the server stopped: close upstream sockets, the emulator, flush traces. */
  readonly cleanup: () => Promise<void>;
  /** The one line logged when done. */
  readonly log: (fields: Record<string, unknown>, message: string) => void;
  readonly exit: (code: number) => void;
}

/**
 * Graceful stop: stop accepting, let in-flight requests finish within `timeoutMs` (then close
 * their connections), run `cleanup`, log one line, exit 0. Repeated signals (a terminal's Ctrl-C
 * reaches both `tsx` and the gateway, and tsx relays it) do not start a second shutdown.
 */
export function gracefulShutdown(options: ShutdownOptions): (signal: string) => Promise<void> {
  let running: Promise<void> | undefined;
  return (signal: string) => {
    running ??= (async () => {
      const started = Date.now();
      const { server, inFlight } = options;
      inFlight.stopping();
      const pending = inFlight.count();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        inFlight.idle().then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), options.timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      const abandoned = timedOut ? inFlight.count() : 0;
      server.closeAllConnections();
      await closed;
      await options.cleanup();
      options.log(
        { signal, inFlightAtSignal: pending, abandoned, durationMs: Date.now() - started },
        'shut down',
      );
      options.exit(0);
    })();
    return running;
  };
}
