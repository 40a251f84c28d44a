/**
 * `npm run fleet`: a local fleet to try the gateway as replicas: the emulator, redis-server, three
 * gateway replicas (`src/server.ts`, NODE_ENV=production, REDIS_URL) and HAProxy in round robin,
 * each its own process on a free port. Needs redis-server and haproxy on the PATH or at Debian's
 * paths (`apt-get install -y redis-server haproxy`). Ctrl-C stops everything.
 *
 * Options: `--replicas N` (default 3), `--port P` for HAProxy (default 4000; 0 picks a free port).
 */
import { parseArgs } from 'node:util';
import { integrationToken, startEmulatorProcess, startGatewayProcess, startHaproxy, startRedis, } from "./processes.js";
const { values } = parseArgs({
    options: {
        replicas: { type: 'string', default: '3' },
        port: { type: 'string', default: '4000' },
        help: { type: 'boolean', short: 'h' },
    },
});
if (values.help) {
    process.stdout.write('Usage: npm run fleet [-- --replicas N] [-- --port P]\n\nEmulator + Redis + N gateway replicas + HAProxy (round robin) on this machine.\n');
    process.exit(0);
}
const count = Number(values.replicas);
if (!Number.isInteger(count) || count < 1 || count > 16) {
    process.stderr.write('--replicas expects 1 to 16\n');
    process.exit(2);
}
const running = [];
const stopAll = async () => {
    await Promise.all(running.reverse().map((process) => process.stop()));
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
try {
    const [redis, emulator] = await Promise.all([startRedis(), startEmulatorProcess()]);
    running.push(redis, emulator);
    const replicas = await Promise.all(Array.from({ length: count }, () => startGatewayProcess(emulator, { REDIS_URL: redis.url, LOG_LEVEL: 'warn' })));
    running.push(...replicas);
    const balancer = await startHaproxy(replicas.map((replica) => replica.port), Number(values.port) || undefined);
    running.push(balancer);
    const token = await integrationToken(emulator);
    process.stdout.write(`Local fleet running:
  balancer:  ${balancer.url}/graphql  (HAProxy, round robin)
  replicas:  ${replicas.map((replica) => replica.url).join(', ')}
  redis:     ${redis.url}
  emulator:  ${emulator.apiUrl}

Every request needs a Commerce Layer token (deployed mode). One from the emulator:
  TOKEN=${token}

Try:
  curl -s ${balancer.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -d '{"query":"{ customers(first: 3) { nodes { email } } }"}'
  curl -s ${balancer.url}/readiness

Ctrl-C stops everything.
`);
}
catch (error) {
    process.stderr.write(`fleet: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    process.exit(1);
}
//# sourceMappingURL=local.js.map