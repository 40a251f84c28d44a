/**
 * `npm run bench:fleet`: what sharing state in Redis costs, and what replicas buy, on this machine.
 *
 * - Read and keyed-write latency at p50 through one replica without and with `REDIS_URL`, in the
 *   same run, alternating rounds (sequential requests, one at a time).
 * - The rate budget's Redis round trip (the one thing Redis adds to every upstream request of a
 *   read when the budget is on), measured on its own against the in-memory budget: the emulator's
 *   and the budget's limits would otherwise throttle a latency benchmark within seconds.
 * - Throughput of a read at 10 connections through HAProxy: 1 replica vs 3 replicas (autocannon).
 *
 * Every process is real (emulator, redis-server, `src/server.ts` replicas, HAProxy) and stopped at
 * the end. Results go to stdout and `bench/results/fleet.md`.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  type GatewayProcess,
  integrationToken,
  type Started,
  startEmulatorProcess,
  startGatewayProcess,
  startHaproxy,
  startRedis,
} from '../src/fleet/processes.ts';
import { MemoryIdempotencyStore } from '../src/plugins/idempotency-store.ts';
import { connectRedis } from '../src/shared-state/redis.ts';
import { RedisIdempotencyStore } from '../src/shared-state/redis-idempotency-store.ts';
import { RedisBudgetCounter } from '../src/shared-state/redis-rate-budget.ts';
import { MemoryBudgetCounter, type WindowRule } from '../src/upstream/rate-budget.ts';
import { percentile, round } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = 3;
const PER_ROUND = 150;
const READ = JSON.stringify({ query: '{ customers(first: 5) { nodes { email status } } }' });

const running: Started[] = [];
const stopAll = () => Promise.all(running.reverse().map((process) => process.stop()));

async function timed(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (!response.ok || text.includes('"errors"') || text.includes('"code"')) {
    throw new Error(`unexpected answer: ${text.slice(0, 200)}`);
  }
  return elapsed;
}

async function main() {
  const [redis, emulator] = await Promise.all([
    startRedis(),
    startEmulatorProcess(['--customers', '200', '--no-rate-limit']),
  ]);
  running.push(redis, emulator);
  const token = await integrationToken(emulator);
  const auth = { authorization: `Bearer ${token}` };
  const common = { LOG_LEVEL: 'warn', RATE_BUDGET: 'off' };
  const [plain, shared, fleet2, fleet3] = await Promise.all([
    startGatewayProcess(emulator, common),
    startGatewayProcess(emulator, { ...common, REDIS_URL: redis.url }),
    startGatewayProcess(emulator, { ...common, REDIS_URL: redis.url }),
    startGatewayProcess(emulator, { ...common, REDIS_URL: redis.url }),
  ]);
  running.push(plain, shared, fleet2, fleet3);
  const targets: [string, GatewayProcess][] = [
    ['memory', plain],
    ['redis', shared],
  ];

  // Warm up both (JIT, connection pools, schema caches).
  for (const [, gateway] of targets) {
    for (let i = 0; i < 50; i += 1) {
      await timed(gateway.url, READ, auth);
    }
  }
  const reads: Record<string, number[]> = { memory: [], redis: [] };
  const writes: Record<string, number[]> = { memory: [], redis: [] };
  let serial = 0;
  // Request by request, alternating the two replicas, so load from other work hits both alike.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let i = 0; i < PER_ROUND; i += 1) {
      for (const [name, gateway] of targets) {
        reads[name]?.push(await timed(gateway.url, READ, auth));
      }
    }
    for (let i = 0; i < PER_ROUND / 3; i += 1) {
      for (const [name, gateway] of targets) {
        serial += 1;
        const body = JSON.stringify({
          query:
            'mutation($input: CustomerCreateInput!) { customerCreate(input: $input) { customer { clId } } }',
          variables: { input: { email: `bench-${process.pid}-${serial}@fleet.example.com` } },
        });
        writes[name]?.push(
          await timed(gateway.url, body, { ...auth, 'idempotency-key': `bench-${serial}` }),
        );
      }
    }
  }

  // The budget's Redis round trip against the in-memory budget, same rules (never exhausted).
  const rule: WindowRule = {
    average: 1e9,
    averageWindowMs: 60_000,
    burst: 1e9,
    burstWindowMs: 10_000,
  };
  const sharedRedis = connectRedis({ url: redis.url, keyPrefix: 'bench:' });
  while (!sharedRedis.up) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const counters = {
    memory: new MemoryBudgetCounter(),
    redis: new RedisBudgetCounter(sharedRedis),
  };
  const budget: Record<string, number[]> = { memory: [], redis: [] };
  for (let i = 0; i < 3_000; i += 1) {
    for (const [name, counter] of Object.entries(counters)) {
      const started = performance.now();
      await counter.take('uncacheable', 'GET customers', rule);
      if (i >= 200) {
        budget[name]?.push(performance.now() - started);
      }
    }
  }
  // An Idempotency-Key's store work (claim, then store a small response), memory vs Redis.
  const stores = {
    memory: new MemoryIdempotencyStore(),
    redis: new RedisIdempotencyStore(sharedRedis),
  };
  const idempotency: Record<string, number[]> = { memory: [], redis: [] };
  const response = { data: { customerCreate: { customer: { clId: 'abc' }, userErrors: [] } } };
  for (let i = 0; i < 2_000; i += 1) {
    for (const [name, store] of Object.entries(stores)) {
      const started = performance.now();
      const claim = await store.reserve(`bench-${i}`, 'f'.repeat(64), {
        leaseMs: 60_000,
        ttlMs: 60_000,
      });
      if (claim.claimed) {
        await store.complete(`bench-${i}`, claim.owner, response);
      }
      if (i >= 200) {
        idempotency[name]?.push(performance.now() - started);
      }
    }
  }
  await sharedRedis.close();

  // Throughput: HAProxy over 1 replica, then over 3.
  const throughput: Record<string, number> = {};
  for (const [name, backends] of [
    ['1 replica', [shared]],
    ['3 replicas', [shared, fleet2, fleet3]],
  ] as const) {
    const balancer = await startHaproxy(backends.map((backend) => backend.port));
    const result = await autocannon({
      url: `${balancer.url}/graphql`,
      connections: 10,
      duration: 8,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: READ,
    });
    throughput[name] = result.requests.average;
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    await balancer.stop();
  }

  const p50 = (values: readonly number[] | undefined) => round(percentile(values ?? [], 50), 3);
  const lines = [
    '# Fleet benchmark',
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), shared with other work while this ran (load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(
        ' / ',
      )}); every process (emulator, redis-server, gateways, HAProxy, this client) on the same cores.`,
    '',
    '| measure | without Redis | with REDIS_URL | added by Redis |',
    '| --- | ---: | ---: | ---: |',
    `| read (customers(first: 5)), p50 ms, ${reads.memory?.length} requests each | ${p50(reads.memory)} | ${p50(reads.redis)} | ${round(p50(reads.redis) - p50(reads.memory), 3)} |`,
    `| keyed write (customerCreate + Idempotency-Key), p50 ms, ${writes.memory?.length} each | ${p50(writes.memory)} | ${p50(writes.redis)} | ${round(p50(writes.redis) - p50(writes.memory), 3)} |`,
    `| rate budget, one upstream request's check, p50 ms (${budget.memory?.length} each) | ${p50(budget.memory)} | ${p50(budget.redis)} | ${round(p50(budget.redis) - p50(budget.memory), 3)} |`,
    `| Idempotency-Key store work (claim + store the response), p50 ms (${idempotency.memory?.length} each) | ${p50(idempotency.memory)} | ${p50(idempotency.redis)} | ${round(p50(idempotency.redis) - p50(idempotency.memory), 3)} |`,
    '',
    'Reads with the budget off touch Redis not at all (the gateway token is cached in each replica); with the budget on, a read pays the budget row once per upstream request.',
    '',
    '| throughput, read at 10 connections through HAProxy | requests/s |',
    '| --- | ---: |',
    ...Object.entries(throughput).map(([name, value]) => `| ${name} | ${round(value, 0)} |`),
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  writeFileSync(join(here, 'results', 'fleet.md'), text);
}

try {
  await main();
} finally {
  await stopAll();
}
