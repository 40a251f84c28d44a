/**
 * The processes of a local fleet, for `npm run fleet`, the fleet tests and `bench/fleet.ts`:
 * redis-server and HAProxy from Debian, the emulator and gateway replicas (`src/server.ts` as
 * deployed), each started on a free port and stopped by PID. Development tooling: the gateway
 * itself never imports this. Paths are relative to the repository root (the working directory).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/**
 * Node with tsx's loader, so the PID is the program itself (the `tsx` CLI runs it in a child
 * process, which a SIGKILL of the CLI would leave running).
 */
const TSX = ['--import', 'tsx'];
export async function freePort() {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    return port;
}
/** Spawns `command` and resolves once its output matches `until` (rejects if it exits first). */
export function startProcess(command, args, 
/** `until: null`: resolves once spawned (for quiet programs such as HAProxy). */
options) {
    const child = spawn(command, [...args], {
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const started = {
        child,
        output: () => output,
        async stop(signal = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill(signal);
            }
            await exited;
        },
    };
    return new Promise((resolve, reject) => {
        if (options.until === null) {
            child.once('spawn', () => resolve(started));
            child.once('error', reject);
            child.stdout?.on('data', (chunk) => {
                output += chunk.toString();
            });
            child.stderr?.on('data', (chunk) => {
                output += chunk.toString();
            });
            return;
        }
        const until = options.until;
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${command} did not start in time:\n${output}`));
        }, options.timeoutMs ?? 20_000);
        const onData = (chunk) => {
            output += chunk.toString();
            if (output.length > 200_000) {
                output = output.slice(-100_000);
            }
            if (until.test(output)) {
                clearTimeout(timer);
                resolve(started);
            }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`${command} exited with ${code}:\n${output}`));
        });
    });
}
/** redis-server on a free (or the given) port, no persistence. */
export async function startRedis(port) {
    const chosen = port ?? (await freePort());
    const started = await startProcess(process.env.REDIS_SERVER ?? '/usr/bin/redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { until: /Ready to accept connections/ });
    return { ...started, port: chosen, url: `redis://127.0.0.1:${chosen}` };
}
/** `src/emulator/main.ts` on a free port. */
export async function startEmulatorProcess(args = []) {
    const started = await startProcess(process.execPath, [...TSX, 'src/emulator/main.ts', '--port', '0', ...args], { until: /integration:\s+client_id=\S+ client_secret=\S+/ });
    const text = started.output();
    const url = /listening on (http:\S+)/.exec(text)?.[1];
    const [, clientId, clientSecret] = /integration:\s+client_id=(\S+) client_secret=(\S+)/.exec(text);
    const organization = /organization:\s+(\S+)/.exec(text)?.[1] ?? 'emulator';
    return {
        ...started,
        url,
        apiUrl: `${url}/api`,
        authUrl: `${url}/oauth/token`,
        adminUrl: `${url}/_emulator`,
        jwksUrl: `${url}/.well-known/jwks.json`,
        organization,
        clientId: clientId,
        clientSecret: clientSecret,
    };
}
/** `src/server.ts` as deployed (NODE_ENV=production) against a running emulator. */
export async function startGatewayProcess(emulator, env = {}) {
    const port = await freePort();
    const started = await startProcess(process.execPath, [...TSX, 'src/server.ts'], {
        env: {
            NODE_ENV: 'production',
            PORT: String(port),
            LOG_LEVEL: 'warn',
            CL_BASE_URL: emulator.apiUrl,
            CL_AUTH_URL: emulator.authUrl,
            CL_JWKS_URL: emulator.jwksUrl,
            CL_ORGANIZATION: emulator.organization,
            // Each replica's metrics on a free loopback port (the default 9464 fits one per host).
            METRICS_PORT: '0',
            CL_CLIENT_ID: emulator.clientId,
            CL_CLIENT_SECRET: emulator.clientSecret,
            ...env,
        },
        until: /Graph(iQL|QL): http/,
        timeoutMs: 30_000,
    });
    return { ...started, port, url: `http://127.0.0.1:${port}` };
}
/** HAProxy, round robin over `backends` (ports), with a generated config. */
export async function startHaproxy(backends, listenPort) {
    const port = listenPort ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), 'cgw-haproxy-'));
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, haproxyConfig(port, backends));
    const started = await startProcess(process.env.HAPROXY ?? '/usr/sbin/haproxy', ['-f', file, '-db'], {
        until: null,
    });
    // HAProxy prints nothing on a clean start: wait until it accepts connections.
    for (let i = 0; i < 100; i += 1) {
        try {
            await fetch(`http://127.0.0.1:${port}/health`);
            break;
        }
        catch {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }
    return { ...started, url: `http://127.0.0.1:${port}` };
}
/** A round-robin HAProxy config; a replica that stops answering is taken out by its check. */
export function haproxyConfig(port, backends) {
    return `global
  maxconn 2000

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option http-server-close
  # A replica that refuses the connection (killed) is skipped: the request never reached it, so
  # this is safe for writes too (HAProxy retries only connection failures by default).
  retries 2
  option redispatch

frontend gateway
  bind 127.0.0.1:${port}
  default_backend replicas

backend replicas
  balance roundrobin
  option httpchk GET /health
  default-server inter 500ms fall 2 rise 1
${backends.map((backend, index) => `  server r${index + 1} 127.0.0.1:${backend} check`).join('\n')}
`;
}
/** A client-credentials token from the emulator (the caller's own token in deployed mode). */
export async function integrationToken(emulator) {
    const response = await fetch(emulator.authUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: emulator.clientId,
            client_secret: emulator.clientSecret,
        }),
    });
    const body = (await response.json());
    return body.access_token;
}
//# sourceMappingURL=processes.js.map