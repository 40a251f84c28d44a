/**
 * `npm run bench:ab -- --against=<dir>`: this build (`dist/`) against another build of the gateway
 * (`<dir>/server.js`, e.g. an older commit built with `npm run build -- --out-dir=…`) on
 * CustomersPage, in the same run: one emulator, both gateways as deployed (`node …/server.js`,
 * NODE_ENV=production, default settings), and the direct JSON:API request, in alternating rounds
 * at 10 and 1 connections. Gateway CPU per operation is read from /proc (Linux). Writes
 * `bench/results/ab.md` and prints it. On a shared machine this is the comparison to trust:
 * both sides see the same load.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { client } from './ipc.ts';
import { SCENARIOS } from './scenarios.ts';
import { percentile, round } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
  },
});
if (values.against === undefined) {
  throw new Error('--against=<directory holding the other build’s server.js> is required');
}
const builds = { this: join(root, 'dist'), other: resolve(values.against) };
const rounds = Number(values.rounds);
const durationS = Number(values.duration);

const emulatorChild = fork(join(here, 'emulator-process.ts'), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_CUSTOMERS: '200' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const emulator = await new Promise<{
  url: string;
  apiUrl: string;
  authUrl: string;
  integration: { clientId: string; clientSecret: string };
}>((done) => {
  emulatorChild.on('message', (message: { type?: string }) => {
    if (message.type === 'ready') {
      done(message as never);
    }
  });
});
const askEmulator = client(emulatorChild);

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

async function startGateway(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = fork(join(dir, 'server.js'), [], {
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_'))),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      CL_BASE_URL: emulator.apiUrl,
      CL_AUTH_URL: emulator.authUrl,
      CL_JWKS_URL: `${emulator.url}/.well-known/jwks.json`,
      CL_ORGANIZATION: 'emulator',
      CL_CLIENT_ID: emulator.integration.clientId,
      CL_CLIENT_SECRET: emulator.integration.clientSecret,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) {
        break;
      }
    } catch {
      // not yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { child, url };
}

function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const scenario = SCENARIOS.find((s) => s.name === 'CustomersPage')!;
const body = JSON.stringify({ query: scenario.query, variables: { first: 25 } });
const gateways = {
  this: await startGateway(builds.this),
  other: await startGateway(builds.other),
};
const token = (
  (await (
    await fetch(emulator.authUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: emulator.integration.clientId,
        client_secret: emulator.integration.clientSecret,
      }),
    })
  ).json()) as { access_token: string }
).access_token;

// The direct request: what this build sends upstream for the operation.
const graphql = (url: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
await graphql(gateways.this.url);
const since = await askEmulator<number>('lastSeq');
await graphql(gateways.this.url);
const planned = await askEmulator<
  { method: string; path: string; query: Record<string, string> }[]
>('requests', since);
const sinceOther = await askEmulator<number>('lastSeq');
await graphql(gateways.other.url);
await graphql(gateways.other.url);
const otherRequests = (await askEmulator<unknown[]>('requests', sinceOther)).length / 2;

interface Target {
  readonly name: string;
  readonly url: string;
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly pid?: number;
}
const targets: Target[] = [
  ...(['this', 'other'] as const).map((name) => ({
    name,
    url: gateways[name].url,
    path: '/graphql',
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    pid: gateways[name].child.pid as number,
  })),
  {
    name: 'direct',
    url: emulator.url,
    path: `${planned[0]!.path}?${new URLSearchParams(planned[0]!.query)}`,
    method: 'GET',
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.api+json' },
  },
];

async function load(target: Target, connections: number, seconds: number) {
  const latencies: number[] = [];
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((ok, fail) => {
    instance = autocannon(
      {
        url: target.url,
        connections,
        duration: seconds,
        requests: [
          {
            method: target.method,
            path: target.path,
            headers: target.headers,
            ...(target.body ? { body: target.body } : {}),
          },
        ],
      },
      (error, result) => (error ? fail(error) : ok(result)),
    );
  });
  instance?.on('response', (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
  const result = await done;
  return {
    ops: latencies.length,
    opsPerSec: latencies.length / (result.duration || seconds),
    latencies,
    errors: result.errors + result.non2xx,
  };
}

for (const target of targets) {
  await load(target, 10, 2);
}
const samples = new Map<string, { cpu: number[]; ops: number[]; p50: number[]; errors: number }>();
const loadAtStart = loadavg().map((v) => round(v, 2));
for (let r = 0; r < rounds; r += 1) {
  for (const connections of [10, 1]) {
    for (const target of targets) {
      const before = target.pid ? cpuMsOf(target.pid) : 0;
      const run = await load(target, connections, durationS);
      const cpu = target.pid ? (cpuMsOf(target.pid) - before) / Math.max(1, run.ops) : 0;
      const key = `${target.name}@${connections}`;
      const entry = samples.get(key) ?? { cpu: [], ops: [], p50: [], errors: 0 };
      entry.cpu.push(cpu);
      entry.ops.push(run.opsPerSec);
      entry.p50.push(percentile(run.latencies, 50));
      entry.errors += run.errors;
      samples.set(key, entry);
      process.stdout.write(
        `  ${target.name.padEnd(6)} c=${connections} r${r}: ${run.opsPerSec.toFixed(1)} ops/s, p50 ${percentile(run.latencies, 50).toFixed(2)} ms${target.pid ? `, CPU ${cpu.toFixed(2)} ms/op` : ''}\n`,
      );
    }
  }
}
const med = (list: number[]) => round(percentile(list, 50), 3);
const get = (name: string, c: number) => samples.get(`${name}@${c}`)!;
const lines = [
  '# A/B: this build against another, same run',
  '',
  `\`npm run bench:ab -- --against=${values.against}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadAtStart.join(' / ')} at start, ${loadavg()
    .map((v) => round(v, 2))
    .join(
      ' / ',
    )} at end): CustomersPage (25 customers with group, tags and 5 addresses' cities), one emulator, both gateways as deployed (\`node …/server.js\`, NODE_ENV=production, default settings), the direct JSON:API request, ${rounds} alternating rounds of ${durationS} s at 10 then 1 connections; medians over rounds. \`this\` = ${relative(root, builds.this)}/, \`other\` = ${values.against}.`,
  '',
  '| Target | Upstream requests | CPU ms/op (10 conn) | ops/s 10 conn | × direct | p50 ms 1 conn | p50 over direct ms | errors |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const target of targets) {
  const ten = get(target.name, 10);
  const one = get(target.name, 1);
  const direct10 = med(get('direct', 10).ops);
  const direct1 = med(get('direct', 1).p50);
  lines.push(
    `| ${target.name} | ${target.name === 'other' ? otherRequests : 1} | ${target.pid ? med(ten.cpu) : '–'} | ${med(ten.ops)} | ${round(med(ten.ops) / direct10, 3)} | ${med(one.p50)} | ${round(med(one.p50) - direct1, 3)} | ${ten.errors + one.errors} |`,
  );
}
const text = `${lines.join('\n')}\n`;
process.stdout.write(`\n${text}`);
writeFileSync(join(here, 'results', 'ab.md'), text);
for (const gateway of Object.values(gateways)) {
  gateway.child.kill('SIGTERM');
}
emulatorChild.disconnect();
process.exit(0);
