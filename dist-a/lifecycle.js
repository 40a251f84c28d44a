import { parseArgs } from 'node:util';
import { settings } from "./config.js";
/** A start-up failure a user fixes by changing a setting: one line on stderr, exit code 2. */
export class StartupError extends Error {
    name = 'StartupError';
}
/** `EMULATOR_PORT` → `--emulator-port`. */
export function flagOf(key) {
    return `--${key.toLowerCase().replaceAll('_', '-')}`;
}
/**
 * The command line: `--help`, and every setting as a flag (`--port 5000`, `--host 0.0.0.0`,
 * `--emulator-port 0`, `--log-level debug`, …), which wins over the environment variable of the
 * same name. Returns the settings the flags give, as environment entries. Throws a
 * {@link StartupError} for an unknown flag or a positional argument.
 */
export function parseCommandLine(argv) {
    const keys = Object.keys(settings);
    const options = Object.fromEntries(keys.map((key) => [flagOf(key).slice(2), { type: 'string' }]));
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: { ...options, help: { type: 'boolean', short: 'h' } },
        });
    }
    catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        const flag = /'(-{1,2}[^'\s]+)/.exec(text)?.[1];
        throw new StartupError(flag
            ? `Unknown or incomplete option ${flag}: every setting is a flag (--port 5000, --host 0.0.0.0); run with --help for the list.`
            : `${text.split('\n')[0]} Run with --help for the options.`);
    }
    const env = {};
    for (const key of keys) {
        const value = parsed.values[flagOf(key).slice(2)];
        if (typeof value === 'string') {
            env[key] = value;
        }
    }
    return { help: parsed.values.help === true, env };
}
/** The `--help` text. */
export function usage(settingsHelp) {
    return `customers-gateway: a GraphQL gateway over Commerce Layer's customers API.

Usage: npm start [-- --setting value ...]
       e.g. npm start -- --port 5000 --host 0.0.0.0

Every setting is an environment variable and also a flag: its name in lower case with dashes
(PORT = --port, EMULATOR_PORT = --emulator-port). A flag wins over the variable.

Settings (environment variables):
${settingsHelp}
`;
}
function errorCode(error) {
    return typeof error === 'object' && error !== null && 'code' in error
        ? String(error.code)
        : undefined;
}
/**
 * The one-line message for a port that could not be bound, naming the setting to change; or
 * undefined when the error is something else.
 */
export function bindErrorMessage(error, what, port, host, setting) {
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
export function listen(server, port, host) {
    return new Promise((resolve, reject) => {
        const onError = (error) => {
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
/**
 * The lines printed at start. Never prints the demo customer's password when `production` is set.
 */
export function startBanner(options) {
    const lines = [`${options.graphiql ? 'GraphiQL' : 'GraphQL'}: ${options.graphqlUrl}`];
    const emulator = options.emulator;
    if (emulator) {
        const count = `${emulator.customers} customer${emulator.customers === 1 ? '' : 's'}`;
        const data = !emulator.db
            ? `${count}, seeded in memory`
            : emulator.seeded
                ? `${count}, seeded into ${emulator.db}`
                : `${count} already in ${emulator.db}, not seeded again`;
        lines.push(`Upstream: embedded Commerce Layer emulator at ${emulator.apiUrl} (${data})`, emulator.rateLimit
            ? "  rate limits: Commerce Layer's test-mode limits are enforced (429 beyond them); EMULATOR_RATE_LIMIT=off turns them off."
            : '  rate limits: off (EMULATOR_RATE_LIMIT=off).');
        if (emulator.customer.email === '') {
            lines.push('  demo customer: unknown (this store was seeded with other EMULATOR_CUSTOMERS/EMULATOR_SEED).');
        }
        else {
            const password = options.production
                ? '<password not shown: NODE_ENV=production>'
                : emulator.customer.password;
            lines.push(`  demo customer: ${emulator.customer.email} / ${password}`, '  a customer token (password grant):', `    curl -s ${emulator.authUrl} -d grant_type=password -d client_id=${emulator.salesChannelClientId} \\`, `      -d scope=${emulator.marketScope} -d username=${emulator.customer.email} -d password='${password}'`, '  then in GraphiQL, Headers tab: {"Authorization": "Bearer <access_token from the answer>"}', '  and ask: { viewer { email } }');
        }
        lines.push('  requests without Authorization use the demo integration credential (emulator only).', '  set CL_BASE_URL and credentials to use the real Commerce Layer API.');
    }
    else {
        lines.push(`Upstream: ${options.upstreamUrl}`, options.anonymous
            ? "Callers: requests without Authorization run with the gateway's credential (ALLOW_ANONYMOUS)"
            : 'Callers: every request needs Authorization: Bearer <Commerce Layer access token>');
    }
    lines.push('Health: /health (liveness), /readiness (upstream check)', `Metrics: ${options.metricsUrl ? `${options.metricsUrl} (Prometheus)` : 'off'}`, ...(options.sharedState ? [`Shared state: ${options.sharedState}`] : []), `Traces: ${options.traces}`, 'Stop: Ctrl-C or SIGTERM (in-flight requests finish first, up to SHUTDOWN_TIMEOUT_MS).');
    return `${lines.join('\n')}\n`;
}
/** Counts requests whose response has not finished, and ends keep-alive once stopping. */
export function trackInFlight(server) {
    let inFlight = 0;
    let stopping = false;
    const waiters = [];
    server.on('request', (_request, response) => {
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
        idle: () => inFlight === 0
            ? Promise.resolve()
            : new Promise((resolve) => {
                waiters.push(resolve);
            }),
    };
}
/**
 * Graceful stop: stop accepting, let in-flight requests finish within `timeoutMs` (then close
 * their connections), run `cleanup`, log one line, exit 0. Repeated signals (a terminal's Ctrl-C
 * reaches both `tsx` and the gateway, and tsx relays it) do not start a second shutdown.
 */
export function gracefulShutdown(options) {
    let running;
    return (signal) => {
        running ??= (async () => {
            const started = Date.now();
            const { server, inFlight } = options;
            inFlight.stopping();
            const pending = inFlight.count();
            const closed = new Promise((resolve) => server.close(() => resolve()));
            server.closeIdleConnections();
            let timer;
            const timedOut = await Promise.race([
                inFlight.idle().then(() => false),
                new Promise((resolve) => {
                    timer = setTimeout(() => resolve(true), options.timeoutMs);
                }),
            ]);
            clearTimeout(timer);
            const abandoned = timedOut ? inFlight.count() : 0;
            server.closeAllConnections();
            await closed;
            await options.cleanup();
            options.log({ signal, inFlightAtSignal: pending, abandoned, durationMs: Date.now() - started }, 'shut down');
            options.exit(0);
        })();
        return running;
    };
}
//# sourceMappingURL=lifecycle.js.map