/**
 * `npm run bench:emulator`: the emulator alone, as a Commerce Layer client sees it. Seeds 10,000
 * customers (timed), then measures `GET /api/customers?include=customer_group,tags&page[size]=25`
 * with autocannon at 1 and 10 connections, on varying pages, and writes
 * `bench/results/emulator.{json,md}`.
 */

import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createEmulator } from '../src/emulator/app.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
  },
});
const customers = Number(values.customers);
const seconds = Number(values.seconds);

const seedStart = performance.now();
const emulator = await createEmulator({
  port: 0,
  customers,
  rateLimit: false,
  requestLogCapacity: 100,
});
const seedSeconds = (performance.now() - seedStart) / 1000;

const tokenResponse = await fetch(emulator.authUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({
    grant_type: 'client_credentials',
    client_id: emulator.credentials.integration.clientId,
    client_secret: emulator.credentials.integration.clientSecret,
  }),
});
const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
const pages = Math.ceil(customers / 25);

function path(page: number): string {
  const query = new URLSearchParams({
    include: 'customer_group,tags',
    'page[size]': '25',
    'page[number]': String(page),
    sort: 'created_at,id',
  });
  return `/api/customers?${query}`;
}

async function run(connections: number) {
  let page = 0;
  const result = await autocannon({
    url: emulator.url,
    connections,
    duration: seconds,
    headers: { accept: 'application/vnd.api+json', authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          page = (page % pages) + 1;
          return { ...request, path: path(page) };
        },
      },
    ],
  });
  return {
    connections,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

const runs = [await run(1), await run(10)];
await emulator.close();

const report = {
  generatedAt: new Date().toISOString(),
  machine: {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1e9),
    node: process.version,
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  },
  customers,
  seedSeconds: Number(seedSeconds.toFixed(2)),
  request: path(1),
  runs,
};
const markdown = [
  '# Emulator benchmark',
  '',
  `\`npm run bench:emulator\` (${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC) on ${report.machine.cpuModel}, ${report.machine.cores} cores, Node ${report.machine.node}; load average ${report.machine.loadAverage.join(' / ')}.`,
  '',
  `Store: ${customers} customers, seeded in ${report.seedSeconds} s (in memory). Request: \`GET ${decodeURIComponent(report.request)}\` over every page in turn, autocannon ${seconds} s per run, in the same process as the emulator.`,
  '',
  '| Connections | Requests | Errors | Req/s | p50 ms | p99 ms |',
  '| --- | --- | --- | --- | --- | --- |',
  ...runs.map(
    (r) => `| ${r.connections} | ${r.requests} | ${r.errors} | ${r.rps} | ${r.p50} | ${r.p99} |`,
  ),
  '',
].join('\n');
await writeFile(
  new URL('./results/emulator.json', import.meta.url),
  `${JSON.stringify(report, null, 2)}\n`,
);
await writeFile(new URL('./results/emulator.md', import.meta.url), markdown);
process.stdout.write(markdown);
