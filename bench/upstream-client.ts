/**
 * `npm run bench:client`: the upstream HTTP path alone, per 47 KB JSON:API page (25 customers with
 * group, tags and 5 addresses each, as the emulator answers CustomersPage's planned request),
 * served as fixed bytes by a plain node:http server in a child process, so only the client's CPU
 * is measured. Three clients, each on its own keep-alive agent configured the same way, in
 * alternating rounds:
 * - `node:http`: `http.request` on the agent, body chunks concatenated, `JSON.parse`;
 * - bare got: `got.extend({ agent, retry: { limit: 0 }, responseType: 'buffer' })`, `JSON.parse`;
 * - the gateway's client: `createUpstream(...).session().list(...)` (`send()` with its retry loop
 *   and observer, `JSON.parse`, document check and denormalisation).
 * Denormalising the page alone is timed too, since only the gateway's client does it.
 * Writes `bench/results/client.json` (or prints only, with `--quick`).
 */
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import got from 'got';
import { createUpstream } from '../src/upstream/client.ts';
import { type CollectionDocument, denormalize } from '../src/upstream/json-api.ts';
import { capturePage, servePage } from './page.ts';
import { percentile, round } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));

await main();

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const quick = values.quick === true;
  const requestsPerRound = quick ? 300 : 1_000;
  const rounds = quick ? 2 : 3;

  const { bytes: page, pagePath, query } = await capturePage();
  const server = await servePage(page);
  const base = server.base;
  const url = `${base}/${pagePath}`;
  const agentOptions = { keepAlive: true, timeout: 4_000 };

  const rawAgent = new Agent(agentOptions);
  const raw = () =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(url, {
        agent: rawAgent,
        headers: { accept: 'application/vnd.api+json' },
      });
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.once('error', reject);
      });
      req.once('error', reject);
      req.end();
    });

  const bareGot = got.extend({
    agent: { http: new Agent(agentOptions) },
    retry: { limit: 0 },
    responseType: 'buffer',
  });
  const bare = async () => JSON.parse((await bareGot(url)).body.toString('utf8')) as unknown;

  // The gateway's client as server.ts configures it (metrics observer on, as by default).
  const { createMetrics } = await import('../src/plugins/use-metrics.ts');
  const upstream = createUpstream({
    baseUrl: base,
    authUrl: `${base}/oauth/token`,
    timeoutMs: 10_000,
    deadlineMs: 25_000,
    retryLimit: 2,
    maxRetryAfterMs: 10_000,
    observer: createMetrics().upstreamObserver,
  });
  const gateway = () => upstream.session('Bearer bench').list('customers', query);

  const parsed = JSON.parse(page.toString('utf8')) as CollectionDocument;
  const denormalizeOnly = async () => denormalize(parsed);

  const all = { 'node:http': raw, 'bare got': bare, 'gateway client': gateway } as const;
  // BENCH_CLIENT_ONLY=gateway (with --cpu-prof) to profile one of them.
  const only = process.env.BENCH_CLIENT_ONLY;
  const clients = Object.fromEntries(
    Object.entries(all).filter(([name]) => only === undefined || name.includes(only)),
  ) as Partial<typeof all>;
  type Name = keyof typeof clients | 'denormalize only';
  const samples = new Map<Name, { cpuMs: number[]; p50Ms: number[] }>();

  const measure = async (name: Name, run: () => Promise<unknown>) => {
    const latencies: number[] = [];
    const before = process.cpuUsage();
    for (let index = 0; index < requestsPerRound; index += 1) {
      const started = performance.now();
      await run();
      latencies.push(performance.now() - started);
    }
    const used = process.cpuUsage(before);
    const entry = samples.get(name) ?? { cpuMs: [], p50Ms: [] };
    entry.cpuMs.push((used.user + used.system) / 1000 / requestsPerRound);
    entry.p50Ms.push(percentile(latencies, 50));
    samples.set(name, entry);
  };

  // Warm-up: JIT and sockets.
  for (const run of Object.values(clients)) {
    for (let index = 0; index < 200; index += 1) {
      await run();
    }
  }
  for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
    for (const [name, run] of Object.entries(clients)) {
      await measure(name as Name, run);
    }
    await measure('denormalize only', denormalizeOnly);
  }
  server.close();
  upstream.close();
  rawAgent.destroy();

  const median = (values: number[]) => percentile(values, 50);
  const rows = [...samples.entries()].map(([name, entry]) => ({
    client: name,
    cpuMsPerRequest: round(median(entry.cpuMs), 3),
    p50Ms: round(median(entry.p50Ms), 3),
    cpuMsPerRound: entry.cpuMs.map((value) => round(value, 3)),
  }));
  const cpu = (name: Name) => rows.find((row) => row.client === name)?.cpuMsPerRequest ?? 0;
  const result = {
    generatedAt: new Date().toISOString(),
    pageBytes: page.length,
    requestsPerRound,
    rounds,
    method:
      'one process for the clients, a plain node:http server with the fixed page in a child process; requests one after the other on a keep-alive agent per client; CPU = process.cpuUsage() of the client process per request, median over alternating rounds',
    rows,
    bareGotOverRawMs: round(cpu('bare got') - cpu('node:http'), 3),
    gatewayOverBareGotMs: round(cpu('gateway client') - cpu('bare got'), 3),
    gatewayOverBareGotWithoutDenormalizeMs: round(
      cpu('gateway client') - cpu('bare got') - cpu('denormalize only'),
      3,
    ),
  };
  for (const row of rows) {
    process.stdout.write(
      `  ${row.client.padEnd(16)} ${row.cpuMsPerRequest.toFixed(3)} ms CPU/request, p50 ${row.p50Ms.toFixed(3)} ms (rounds: ${row.cpuMsPerRound.join(', ')})\n`,
    );
  }
  process.stdout.write(
    `  page ${page.length} bytes; bare got − node:http ${result.bareGotOverRawMs} ms; gateway client − bare got ${result.gatewayOverBareGotMs} ms (${result.gatewayOverBareGotWithoutDenormalizeMs} ms without denormalising)\n`,
  );
  const out =
    process.env.BENCH_CLIENT_OUT ?? (quick ? undefined : join(here, 'results', 'client.json'));
  if (out !== undefined) {
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  }
}
