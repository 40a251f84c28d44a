/**
 * `npm run webhooks:register -- --url https://gateway.example.com`: creates (or updates) the
 * Commerce Layer webhooks of the customer topics that POST to `<url>/webhooks/commercelayer`,
 * with the integration credential of CL_CLIENT_ID / CL_CLIENT_SECRET (and CL_BASE_URL,
 * CL_AUTH_URL). Prints the shared secrets of the webhooks it created, as the CL_WEBHOOK_SECRETS
 * value the gateway reads; `--env-file <path>` also appends that line to a file. Commerce Layer
 * shows a secret only when a webhook is created: `--rotate` re-creates existing webhooks to get
 * new ones (keep the old secrets in CL_WEBHOOK_SECRETS until every replica has the new ones).
 */
import { appendFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from "./config.js";
import { registerWebhooks } from "./live/register.js";
import { WEBHOOK_PATH } from "./plugins/use-webhooks.js";
const USAGE = `Usage: npm run webhooks:register -- --url <gateway public URL> [--rotate] [--env-file <path>]

Creates or updates one Commerce Layer webhook per customer topic, POSTing to <url>${WEBHOOK_PATH}.
Needs CL_BASE_URL, CL_CLIENT_ID and CL_CLIENT_SECRET (an integration credential).
Prints CL_WEBHOOK_SECRETS=<secrets of the webhooks it created>.
`;
const { values } = parseArgs({
    options: {
        url: { type: 'string' },
        rotate: { type: 'boolean', default: false },
        'env-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
    },
    strict: true,
});
if (values.help || !values.url) {
    process.stdout.write(USAGE);
    process.exit(values.help ? 0 : 2);
}
const callbackUrl = `${values.url.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
if (!/^https?:\/\//.test(callbackUrl)) {
    process.stderr.write('--url must be an http(s) URL\n');
    process.exit(2);
}
let config;
try {
    config = loadConfig();
}
catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
}
if (!config.CL_BASE_URL || !config.CL_CLIENT_ID || !config.CL_CLIENT_SECRET) {
    process.stderr.write('Set CL_BASE_URL, CL_CLIENT_ID and CL_CLIENT_SECRET (integration).\n');
    process.exit(2);
}
const tokenResponse = await fetch(config.CL_AUTH_URL ?? 'https://auth.commercelayer.io/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: config.CL_CLIENT_ID,
        client_secret: config.CL_CLIENT_SECRET,
    }),
});
const token = (await tokenResponse.json()).access_token;
if (!tokenResponse.ok || !token) {
    process.stderr.write(`No access token (HTTP ${tokenResponse.status}).\n`);
    process.exit(1);
}
const hooks = await registerWebhooks({
    apiUrl: config.CL_BASE_URL,
    token,
    callbackUrl,
    rotate: values.rotate,
});
for (const hook of hooks) {
    process.stdout.write(`${hook.action} ${hook.topic} (${hook.id})\n`);
}
const secrets = hooks.flatMap((hook) => (hook.sharedSecret ? [hook.sharedSecret] : []));
if (secrets.length === 0) {
    process.stdout.write('No webhook was created: the existing ones keep their secrets (use --rotate for new ones).\n');
}
else {
    const line = `CL_WEBHOOK_SECRETS=${[...config.CL_WEBHOOK_SECRETS, ...secrets].join(',')}`;
    process.stdout.write(`${line}\n`);
    if (values['env-file']) {
        await appendFile(values['env-file'], `${line}\n`, { mode: 0o600 });
        process.stdout.write(`appended to ${values['env-file']}\n`);
    }
}
//# sourceMappingURL=webhooks-register.js.map