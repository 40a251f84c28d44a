/**
 * The emulator CLI: `npm run emulator -- --port 4001`. Prints the base URL, working demo
 * credentials and a curl example, then serves until SIGINT/SIGTERM.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ANONYMIZATION } from "./anonymization.js";
import { createEmulator } from "./app.js";
const USAGE = `Usage: npm run emulator -- [options]

A local Commerce Layer (customers API) for development and tests.

Options:
  --port N                       port to listen on (default 4001; 0 picks a free port)
  --host HOST                    interface to bind (default 127.0.0.1; /_emulator answers
                                 only loopback Host/Origin headers)
  --db FILE                      persist to this SQLite file (seeded only while it is empty)
  --customers N                  customers to seed (default 200)
  --seed S                       seed of the deterministic demo data (default 1)
  --no-rate-limit                turn Commerce Layer's rate limits off
  --rate-limit-by ip|client      count /api requests per client IP (default, as Commerce
                                 Layer) or per token client id (parallel tests)
  --token-ttl SECONDS            access token lifetime for every credential kind
                                 (default: integration 7200, sales channel 14400)
  --anonymization-start-ms MS    delay before a requested anonymization is "started" (60000)
  --anonymization-complete-ms MS delay before it is "completed" (300000)
  -h, --help                     show this help
`;
/** Thrown for a bad command line; the message names the flag. */
export class UsageError extends Error {
    name = 'UsageError';
}
function integer(flag, value, min) {
    if (value === undefined) {
        return undefined;
    }
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
        throw new UsageError(`--${flag} expects an integer >= ${min}, got '${value}'`);
    }
    return parsed;
}
/** Turns argv into emulator options; `null` means `--help`. Throws {@link UsageError}. */
export function parseCommandLine(argv) {
    let values;
    try {
        values = parse(argv).values;
    }
    catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (values.help) {
        return null;
    }
    const port = integer('port', values.port, 0) ?? 4001;
    if (port > 65_535) {
        throw new UsageError(`--port expects a port number (0-65535), got '${values.port}'`);
    }
    const ttl = integer('token-ttl', values['token-ttl'], 1);
    const start = integer('anonymization-start-ms', values['anonymization-start-ms'], 0);
    const complete = integer('anonymization-complete-ms', values['anonymization-complete-ms'], 0);
    const anonymization = start === undefined && complete === undefined
        ? undefined
        : {
            startAfterMs: start ?? DEFAULT_ANONYMIZATION.startAfterMs,
            completeAfterMs: complete ?? DEFAULT_ANONYMIZATION.completeAfterMs,
        };
    if (anonymization !== undefined && anonymization.completeAfterMs < anonymization.startAfterMs) {
        throw new UsageError(`--anonymization-complete-ms (${anonymization.completeAfterMs}) must not be less than --anonymization-start-ms (${anonymization.startAfterMs})`);
    }
    const by = values['rate-limit-by'];
    if (by !== undefined && by !== 'ip' && by !== 'client') {
        throw new UsageError(`--rate-limit-by expects ip or client, got '${by}'`);
    }
    if (values.host === '') {
        throw new UsageError('--host must not be empty');
    }
    return {
        port,
        host: values.host ?? '127.0.0.1',
        customers: integer('customers', values.customers, 0) ?? 200,
        seed: integer('seed', values.seed, 0) ?? 1,
        rateLimit: by === undefined ? !values['no-rate-limit'] : { enabled: !values['no-rate-limit'], by },
        ...(values.db === undefined ? {} : { db: values.db }),
        ...(ttl === undefined ? {} : { tokenTtlSeconds: ttl }),
        ...(anonymization === undefined ? {} : { anonymization }),
    };
}
function parse(argv) {
    return parseArgs({
        args: [...argv],
        strict: true,
        allowPositionals: false,
        options: {
            port: { type: 'string' },
            host: { type: 'string' },
            db: { type: 'string' },
            customers: { type: 'string' },
            seed: { type: 'string' },
            'no-rate-limit': { type: 'boolean' },
            'rate-limit-by': { type: 'string' },
            'token-ttl': { type: 'string' },
            'anonymization-start-ms': { type: 'string' },
            'anonymization-complete-ms': { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
}
/** The banner printed at start: URLs, demo credentials, a curl example. */
export function banner(emulator, rateLimited) {
    const { credentials: c } = emulator;
    const customer = c.customer.email === ''
        ? '  customer:      (unknown: this store was seeded with other options)'
        : `  customer:      ${c.customer.email} / ${c.customer.password}`;
    return `Commerce Layer emulator listening on ${emulator.url}
  API:           ${emulator.apiUrl}
  token:         POST ${emulator.authUrl}
  JWKS:          ${emulator.jwksUrl}
  admin:         ${emulator.adminUrl}/health (unprotected; loopback only by default)
  organization:  ${emulator.organization.slug}
  rate limits:   ${rateLimited ? 'on (Commerce Layer test-mode limits)' : 'off'}

Demo credentials:
  integration:   client_id=${c.integration.clientId} client_secret=${c.integration.clientSecret}
  sales channel: client_id=${c.salesChannel.clientId} (scope ${c.marketScope})
${customer}

Try:
  TOKEN=$(curl -s ${emulator.authUrl} -H 'Content-Type: application/json' \\
    -d '{"grant_type":"client_credentials","client_id":"${c.integration.clientId}","client_secret":"${c.integration.clientSecret}"}' \\
    | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -sg '${emulator.apiUrl}/customers?page[size]=2' \\
    -H 'Accept: application/vnd.api+json' -H "Authorization: Bearer $TOKEN"
`;
}
async function main() {
    let options;
    try {
        options = parseCommandLine(process.argv.slice(2));
    }
    catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(`emulator: ${error.message}\n\n${USAGE}`);
            process.exit(2);
        }
        throw error;
    }
    if (options === null) {
        process.stdout.write(USAGE);
        return;
    }
    const emulator = await createEmulator(options);
    const rateLimited = typeof options.rateLimit === 'object'
        ? options.rateLimit.enabled !== false
        : options.rateLimit !== false;
    process.stdout.write(banner(emulator, rateLimited));
    if (!['127.0.0.1', 'localhost', '::1'].includes(options.host ?? '127.0.0.1')) {
        process.stderr.write(`emulator: warning: listening on ${options.host}; /_emulator (faults, clock, request log) is unprotected\n`);
    }
    const stop = () => {
        emulator.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
    main().catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
//# sourceMappingURL=main.js.map