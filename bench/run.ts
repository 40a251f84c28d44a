/**
 * `npm run bench [-- --quick] [-- --profile] [-- --only=CustomersPage,NodesLookup]`
 *
 * Starts the emulator and the gateway (`src/server.ts` as deployed: NODE_ENV=production, default
 * settings) in child processes, so CPU time and RSS are each process's own, then for every scenario:
 * - counts upstream requests with planning on and off (the emulator's request log);
 * - loads the gateway and, alternately, the emulator directly with the JSON:API request(s) the
 *   planned gateway sends for the same data, with autocannon, at 1 and 10 connections;
 * - reads the gateway's CPU time per operation and its peak RSS;
 * then soaks the gateway (100 connections, 60 s; `--quick`: 5 s) and writes
 * `bench/results/latest.{json,md}`, `bench/results/chart.svg` and the README's benchmark section.
 * `--quick` is a smoke run (about a minute) whose results go to the system's temporary folder.
 * `--skip-soak` shortens the soak to 1 s (for comparing settings); `--only=A,B` runs some scenarios.
 * `--profile` CPU-profiles the gateway's measured runs (V8 profiler over `node:inspector`) and writes
 * its hot spots to `bench/results/profile.md`.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { schema } from '../src/schema/index.ts';
import { renderChart } from './chart.ts';
import type { FloorScenario } from './floor-process.ts';
import { client, type ProcessStats } from './ipc.ts';
import { PEER_NAME, PEER_QUERY, peerInstalled, type RunningPeer, startPeer } from './peer.ts';
import { type ProfileSummary, summarizeProfile } from './profile.ts';
import {
  type BenchReport,
  type ClientBench,
  type LoadSummary,
  type PluginBench,
  renderMarkdown,
  renderProfile,
  type StartupMemory,
} from './report.ts';
import { type BenchData, SCENARIOS, type Scenario, SOAK_SCENARIOS } from './scenarios.ts';
import { MB, mean, percentile, round } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const resultsDir = join(here, 'results');

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    'skip-soak': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'skip-micro': { type: 'boolean', default: false },
  },
});
const quick = flags.quick === true;
const settings = {
  /** Seconds per measured run. */
  durationS: quick ? 1 : 5,
  warmupS: quick ? 0.5 : 2,
  /** Alternating gateway/direct rounds per connection count. */
  rounds: quick ? 1 : 2,
  connections: [1, 10],
  soakConnections: 100,
  soakS: flags['skip-soak'] ? 1 : quick ? 5 : 60,
  soakWarmupS: quick ? 1 : 10,
  customers: 200,
};

// ---------------------------------------------------------------------------------------------
// Processes

interface EmulatorReady {
  readonly url: string;
  readonly apiUrl: string;
  readonly authUrl: string;
  readonly integration: { readonly clientId: string; readonly clientSecret: string };
}

interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number | null;
}

function start<T>(file: string, execArgv: string[], env: Record<string, string>) {
  const child = fork(join(here, file), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<T>((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type === 'ready') {
        child.off('message', onMessage);
        resolve(message as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { child, ready, ask: client(child) };
}

/** A free local port (the gateway's PORT; it is bound again right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The gateway as deployed: `node dist/server.js` (NODE_ENV=production, default settings: info
 * request logs, metrics, tracing off) against the emulator, with `gateway-stats.js` preloaded for
 * CPU/RSS/modules over IPC. `runtime: 'tsx'` runs `src/server.ts` through the TypeScript loader
 * instead (only to compare memory at start); `embedded` starts it without CL_BASE_URL.
 */
async function startGateway(
  upstream: EmulatorReady,
  options: {
    planning: boolean;
    execArgv: readonly string[];
    runtime?: 'dist' | 'tsx';
    embedded?: boolean;
    /** Report the modules it loads (a resolve hook on its own thread: ~20 MB more RSS). */
    listModules?: boolean;
  },
) {
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
  );
  const runtime = options.runtime ?? 'dist';
  const stats = join(here, 'gateway-stats.js');
  const child = fork(
    runtime === 'dist' ? join(root, 'dist', 'server.js') : join(root, 'src', 'server.ts'),
    [],
    {
      execArgv: [
        ...(runtime === 'tsx' ? ['--import', 'tsx'] : []),
        '--import',
        stats,
        ...options.execArgv,
      ],
      env: {
        ...env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...(options.listModules ? { BENCH_LIST_MODULES: '1' } : {}),
        ...(options.embedded
          ? // On purpose: production refuses to start the demo emulator without EMULATOR=true.
            { EMULATOR: 'true', EMULATOR_PORT: '0', EMULATOR_CUSTOMERS: '200' }
          : {
              CL_BASE_URL: upstream.apiUrl,
              CL_AUTH_URL: upstream.authUrl,
              CL_JWKS_URL: `${upstream.url}/.well-known/jwks.json`,
              CL_ORGANIZATION: 'emulator',
              CL_CLIENT_ID: upstream.integration.clientId,
              CL_CLIENT_SECRET: upstream.integration.clientSecret,
            }),
        QUERY_PLANNING: String(options.planning),
        // Unplanned operations cost up to ~100 requests: let them run to be counted.
        ...(options.planning ? {} : { MAX_QUERY_COST: '100000' }),
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      // Its request log lines (one per operation) are written, as in production, then dropped.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null || attempt > 600) {
      throw new Error(`the gateway did not start (exit code ${child.exitCode})`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, ask: client(child), url };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.disconnect();
  });
}

// ---------------------------------------------------------------------------------------------
// Load

interface Target {
  readonly kind: 'gateway' | 'direct' | 'peer' | 'floor';
  /** autocannon's `url` (origin + path of the first request). */
  readonly url: string;
  /** The HTTP requests of one operation, sent one after the other on a connection. */
  readonly requests: readonly {
    readonly method: string;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
  }[];
  /** What a good answer looks like (a GraphQL answer without errors, a JSON:API document). */
  verify(body: string): boolean;
}

interface RunResult {
  readonly ops: number;
  readonly durationS: number;
  readonly opsPerSec: number;
  /** Latency of each operation (ms): for direct operations of N requests, their sum. */
  readonly latencies: number[];
  readonly errors: number;
}

/** One autocannon run; latencies are taken per response (fractional ms), not from its histogram. */
async function load(
  target: Target,
  connections: number,
  durationS: number,
  perOperation = target.requests.length,
): Promise<RunResult> {
  const latencies: number[] = [];
  const partial = new Map<unknown, { count: number; sum: number }>();
  let bad = 0;
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: target.url,
        connections,
        duration: durationS,
        timeout: 30,
        requests: target.requests.map((request) => ({
          method: request.method as 'GET',
          path: request.path,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
        })),
        verifyBody: (body: unknown) => target.verify(String(body)),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance?.on(
    'response',
    (connection: unknown, statusCode: number, _bytes: number, ms: number) => {
      if (statusCode < 200 || statusCode >= 300) {
        bad += 1;
      }
      const entry = partial.get(connection) ?? { count: 0, sum: 0 };
      entry.count += 1;
      entry.sum += ms;
      if (entry.count === perOperation) {
        latencies.push(entry.sum);
        entry.count = 0;
        entry.sum = 0;
      }
      partial.set(connection, entry);
    },
  );
  const result = await done;
  const ops = latencies.length;
  const seconds = result.duration || durationS;
  return {
    ops,
    durationS: seconds,
    opsPerSec: ops / seconds,
    latencies,
    errors: result.errors + result.timeouts + result.mismatches + bad,
  };
}

// ---------------------------------------------------------------------------------------------
// Main

const startedAt = new Date();
if (!flags['no-build']) {
  // What is measured is what deploys: the current sources, compiled.
  process.stdout.write('Building dist/ (npm run build)\n');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'ignore' });
}
if (!existsSync(join(root, 'dist', 'server.js'))) {
  throw new Error('dist/server.js is missing: run npm run build');
}
// Other work on the machine shows here (1, 5 and 15 minute averages).
const loadAverageAtStart = loadavg().map((value) => round(value, 2));
const emulatorProcess = start<EmulatorReady>('emulator-process.ts', [], {
  BENCH_CUSTOMERS: String(settings.customers),
});
const emulator = await emulatorProcess.ready;
// The floor: a bare got proxy answering the gateway's bytes (`floor-process.ts`), same run.
const floorProcess = start<{ url: string }>('floor-process.ts', [], {});
const floor = await floorProcess.ready;
const profileDir = join('/tmp', `bench-profile-${process.pid}`);
const gatewayExecArgv = [
  '--expose-gc',
  // Node flags to try on the gateway alone, e.g. BENCH_GATEWAY_FLAGS=--max-semi-space-size=64.
  ...(process.env.BENCH_GATEWAY_FLAGS?.split(' ').filter(Boolean) ?? []),
];

// Memory at start and what is loaded: the compiled gateway against the tsx-loaded one, deployed
// (CL_BASE_URL set) and embedded (emulator in the process), one after the other.
const FORBIDDEN_MODULES = [
  /\/(src|dist)\/emulator\//,
  /better-sqlite3/,
  /@faker-js/,
  /\/node_modules\/(tsx|esbuild|typescript|@esbuild)\//,
];
const startup: StartupMemory[] = [];
for (const embedded of [false, true]) {
  for (const runtime of ['dist', 'tsx'] as const) {
    // Memory and start time from a process without the module hook; modules from another.
    const startedMs = performance.now();
    const probe = await startGateway(emulator, { planning: true, execArgv: [], runtime, embedded });
    const startMs = performance.now() - startedMs;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stats = await probe.ask<ProcessStats>('stats');
    await stop(probe.child);
    const lister = await startGateway(emulator, {
      planning: true,
      execArgv: [],
      runtime,
      embedded,
      listModules: true,
    });
    const modules = await lister.ask<string[]>('modules');
    await stop(lister.child);
    const entry: StartupMemory = {
      runtime: runtime === 'dist' ? 'node dist/server.js' : 'tsx src/server.ts',
      mode: embedded ? 'embedded emulator' : 'deployed (CL_BASE_URL)',
      startMs: round(startMs, 0),
      rssMb: round(stats.rss / MB, 1),
      heapUsedMb: round(stats.heapUsed / MB, 1),
      modules: modules.length,
      forbiddenModules: modules
        .filter((url) => FORBIDDEN_MODULES.some((pattern) => pattern.test(url)))
        .map((url) => relative(root, url.replace(/^file:\/\//, ''))),
    };
    startup.push(entry);
    process.stdout.write(
      `Start: ${entry.runtime}, ${entry.mode}: RSS ${entry.rssMb} MB, heap ${entry.heapUsedMb} MB, ${entry.modules} modules, ${entry.forbiddenModules.length} from the emulator or build tools, ready in ${entry.startMs} ms\n`,
    );
  }
}

let gateway = await startGateway(emulator, { planning: true, execArgv: gatewayExecArgv });
// Planning off (QUERY_PLANNING=false), only to count its upstream requests; stopped before load.
const naiveProcess = await startGateway(emulator, { planning: false, execArgv: [] });
/** With `--profile`: profiles the gateway's measured runs only (not start-up or warm-up). */
async function profileStart(): Promise<void> {
  if (flags.profile) {
    await gateway.ask('profileStart');
  }
}
async function profileStop(name: string): Promise<void> {
  if (flags.profile) {
    mkdirSync(profileDir, { recursive: true });
    await gateway.ask('profileStop', join(profileDir, `${name}.cpuprofile`));
  }
}
/** A fresh gateway process, so each scenario's RSS and CPU are its own (RSS rarely shrinks). */
async function restartGateway(): Promise<void> {
  await stop(gateway.child);
  gateway = await startGateway(emulator, { planning: true, execArgv: gatewayExecArgv });
}
const askEmulator = emulatorProcess.ask;
/** The peer, for the error handler. */
let peerProcess: RunningPeer | undefined;

try {
  const tokenResponse = await fetch(emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: emulator.integration.clientId,
      client_secret: emulator.integration.clientSecret,
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const jsonApiHeaders = {
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.api+json',
    'content-type': 'application/vnd.api+json',
  };

  // The generic gateway beside ours, when installed (npm --prefix bench/peers ci).
  const peersDir = join(here, 'peers');
  let peer: RunningPeer | undefined;

  let peerStatus = 'not installed (npm --prefix bench/peers ci)';
  if (peerInstalled(peersDir)) {
    try {
      peer = await startPeer(peersDir, emulator.apiUrl, await freePort());
      peerProcess = peer;
      peerStatus = 'running';
    } catch (error) {
      peerStatus = `failed to start: ${String(error)}`;
    }
  }
  process.stdout.write(`Peer (${PEER_NAME}): ${peerStatus}\n`);

  const direct = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${emulator.apiUrl}/${path}`, { headers: jsonApiHeaders });
    if (!response.ok) {
      throw new Error(`GET ${path}: ${response.status}`);
    }
    return (await response.json()) as T;
  };
  const graphql = async (base: string, query: string, variables: unknown) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      // A caller's own token, verified by the gateway as in production.
      headers: { 'content-type': 'application/json', authorization: jsonApiHeaders.authorization },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { data?: unknown; errors?: unknown[] },
    };
  };

  // Ids for the scenarios, straight from the store.
  type List = { data: { id: string }[] };
  const page = (n: number) =>
    direct<List>(
      `customers?sort=created_at,id&page[size]=25&page[number]=${n}&fields[customers]=email`,
    );
  const globalId = (id: string) => Buffer.from(`Customer:${id}`).toString('base64');
  const first50 = [...(await page(1)).data, ...(await page(2)).data].map((c) => c.id);
  const rich = await direct<List>(
    'customers?sort=-total_orders_count,id&page[size]=1&fields[customers]=email',
  );
  const newest = await direct<List>(
    'customers?sort=-created_at,id&page[size]=1&fields[customers]=email',
  );
  const data: BenchData = {
    customerIds: first50.map(globalId),
    richCustomerId: globalId(rich.data[0]!.id),
    writeCustomerId: globalId(newest.data[0]!.id),
  };

  // Which scenarios the schema serves right now (federation and mutations land separately).
  const rootFields = {
    Query: new Set(Object.keys(schema.getQueryType()?.getFields() ?? {})),
    Mutation: new Set(Object.keys(schema.getMutationType()?.getFields() ?? {})),
  };
  const only = flags.only ? new Set(flags.only.split(',')) : undefined;
  const skipped: { name: string; reason: string }[] = [];
  const scenarios: Scenario[] = [];
  for (const scenario of SCENARIOS) {
    if (only && !only.has(scenario.name)) {
      continue;
    }
    if (scenario.requires && !rootFields[scenario.requires.type].has(scenario.requires.field)) {
      skipped.push({
        name: scenario.name,
        reason: `${scenario.requires.type}.${scenario.requires.field} is not in the schema`,
      });
      continue;
    }
    scenarios.push(scenario);
  }

  const lastSeq = () => askEmulator<number>('lastSeq');
  const upstreamOf = async (base: string, scenario: Scenario) => {
    const since = await lastSeq();
    const result = await graphql(base, scenario.query, scenario.variables(data));
    const requests = await askEmulator<LoggedRequest[]>('requests', since);
    if (result.status !== 200 || result.body.errors !== undefined) {
      throw new Error(
        `${scenario.name} on ${base} failed: ${result.status} ${JSON.stringify(result.body.errors)}`,
      );
    }
    return requests;
  };

  // Upstream requests per operation, planning on and off, before any load.
  const counted = new Map<string, { planned: LoggedRequest[]; naive: LoggedRequest[] }>();
  for (const scenario of scenarios) {
    // Twice: the first call of a fresh process pays for its token.
    await upstreamOf(gateway.url, scenario);
    await upstreamOf(naiveProcess.url, scenario);
    counted.set(scenario.name, {
      planned: await upstreamOf(gateway.url, scenario),
      naive: await upstreamOf(naiveProcess.url, scenario),
    });
  }
  await stop(naiveProcess.child);

  // The peer's upstream requests for CustomersPage (the same emulator's request log).
  let peerUpstream: number | undefined;
  if (peer) {
    const ask = async () => {
      const since = await lastSeq();
      const response = await fetch(peer!.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: jsonApiHeaders.authorization,
        },
        body: JSON.stringify({ query: PEER_QUERY }),
      });
      const text = await response.text();
      if (!text.startsWith('{"data"') || text.includes('"errors"')) {
        throw new Error(`the peer failed: ${text.slice(0, 300)}`);
      }
      return (await askEmulator<LoggedRequest[]>('requests', since)).length;
    };
    await ask();
    peerUpstream = await ask();
    process.stdout.write(`Peer upstream requests for CustomersPage: ${peerUpstream}\n`);
  }

  const results = [];
  for (const scenario of scenarios) {
    process.stdout.write(`\n${scenario.name}: ${scenario.description}\n`);
    await restartGateway();
    const { planned, naive } = counted.get(scenario.name)!;
    process.stdout.write(`  upstream requests: planned ${planned.length}, naive ${naive.length}\n`);

    const body = JSON.stringify({ query: scenario.query, variables: scenario.variables(data) });
    const gatewayTarget: Target = {
      kind: 'gateway',
      url: `${gateway.url}/graphql`,
      requests: [
        {
          method: 'POST',
          path: '/graphql',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            authorization: jsonApiHeaders.authorization,
          },
          body,
        },
      ],
      verify: (text) => text.startsWith('{"data"') && !text.includes('"errors"'),
    };
    const directTarget: Target = {
      kind: 'direct',
      url: emulator.url,
      requests: planned.map((request) => {
        const search = new URLSearchParams(request.query).toString();
        const directBody = scenario.directBody?.(data, request.path);
        return {
          method: request.method,
          path: `${request.path}${search ? `?${search}` : ''}`,
          headers: jsonApiHeaders,
          ...(request.method === 'GET' || directBody === undefined
            ? {}
            : { body: JSON.stringify(directBody) }),
        };
      }),
      verify: (text) => text.startsWith('{"data"'),
    };

    const peerTarget: Target | undefined =
      peer && scenario.name === 'CustomersPage'
        ? {
            kind: 'peer',
            url: peer.url,
            requests: [
              {
                method: 'POST',
                path: '/graphql',
                headers: {
                  'content-type': 'application/json',
                  accept: 'application/json',
                  authorization: jsonApiHeaders.authorization,
                },
                body: JSON.stringify({ query: PEER_QUERY }),
              },
            ],
            verify: (text) => text.startsWith('{"data"') && !text.includes('"errors"'),
          }
        : undefined;
    // The floor sends the same upstream requests and answers the gateway's own bytes.
    const answer = await (
      await fetch(gatewayTarget.url, {
        method: 'POST',
        headers: gatewayTarget.requests[0]!.headers,
        body,
      })
    ).text();
    if (!gatewayTarget.verify(answer)) {
      throw new Error(`${scenario.name}: the gateway's answer has errors: ${answer.slice(0, 300)}`);
    }
    await floorProcess.ask('configure', {
      upstreamUrl: emulator.url,
      requests: directTarget.requests,
      answer,
    } satisfies FloorScenario);
    const floorTarget: Target = {
      kind: 'floor',
      url: `${floor.url}/graphql`,
      requests: gatewayTarget.requests,
      verify: (text) => text === answer,
    };
    const targets = [gatewayTarget, directTarget, floorTarget, ...(peerTarget ? [peerTarget] : [])];

    // Warm every path (JIT, keep-alive sockets, SQLite page cache).
    for (const target of targets) {
      await load(target, 10, settings.warmupS);
    }
    await gateway.ask('resetPeak');
    await profileStart();

    const runs: Record<string, unknown>[] = [];
    const merged = new Map<string, { latencies: number[]; opsPerSec: number[]; errors: number }>();
    let gatewayCpuMs = 0;
    let gatewayOps = 0;
    let emulatorCpuMs = 0;
    let peerCpuMs = 0;
    let peerOps = 0;
    let floorCpuMs = 0;
    let floorOps = 0;
    for (const connections of settings.connections) {
      for (let pass = 0; pass < settings.rounds; pass += 1) {
        for (const target of targets) {
          const peerBefore = peer?.cpuMs() ?? 0;
          const floorBefore =
            target.kind === 'floor' ? await floorProcess.ask<ProcessStats>('stats') : undefined;
          const before = await gateway.ask<ProcessStats>('stats');
          const emulatorBefore = await askEmulator<ProcessStats>('stats');
          const run = await load(target, connections, settings.durationS);
          const after = await gateway.ask<ProcessStats>('stats');
          const emulatorAfter = await askEmulator<ProcessStats>('stats');
          const cpuMs =
            (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
          const emulatorMs =
            (emulatorAfter.cpu.user -
              emulatorBefore.cpu.user +
              emulatorAfter.cpu.system -
              emulatorBefore.cpu.system) /
            1000;
          if (target.kind === 'gateway' && connections === 10) {
            gatewayCpuMs += cpuMs;
            gatewayOps += run.ops;
            emulatorCpuMs += emulatorMs;
          }
          if (floorBefore && connections === 10) {
            const floorAfter = await floorProcess.ask<ProcessStats>('stats');
            floorCpuMs +=
              (floorAfter.cpu.user -
                floorBefore.cpu.user +
                floorAfter.cpu.system -
                floorBefore.cpu.system) /
              1000;
            floorOps += run.ops;
          }
          if (target.kind === 'peer' && connections === 10) {
            peerCpuMs += (peer?.cpuMs() ?? 0) - peerBefore;
            peerOps += run.ops;
          }
          const key = `${target.kind}@${connections}`;
          const entry = merged.get(key) ?? { latencies: [], opsPerSec: [], errors: 0 };
          entry.latencies.push(...run.latencies);
          entry.opsPerSec.push(run.opsPerSec);
          entry.errors += run.errors;
          merged.set(key, entry);
          runs.push({
            target: target.kind,
            connections,
            round: pass,
            ops: run.ops,
            opsPerSec: round(run.opsPerSec, 1),
            p50Ms: round(percentile(run.latencies, 50), 3),
            p99Ms: round(percentile(run.latencies, 99), 3),
            errors: run.errors,
            gatewayCpuMsPerOp:
              run.ops && target.kind === 'gateway' ? round(cpuMs / run.ops, 3) : null,
            emulatorCpuMsPerOp: run.ops ? round(emulatorMs / run.ops, 3) : null,
          });
          process.stdout.write(
            `  ${target.kind.padEnd(7)} c=${String(connections).padEnd(2)} r${pass}: ${run.opsPerSec.toFixed(1)} ops/s, p50 ${percentile(run.latencies, 50).toFixed(2)} ms, p99 ${percentile(run.latencies, 99).toFixed(2)} ms, errors ${run.errors}\n`,
          );
        }
      }
    }
    const peak = await gateway.ask<ProcessStats>('stats');
    await profileStop(scenario.name);
    const summary = (kind: Target['kind'], connections: number) => {
      const entry = merged.get(`${kind}@${connections}`)!;
      return {
        opsPerSec: round(mean(entry.opsPerSec), 1),
        p50Ms: round(percentile(entry.latencies, 50), 3),
        p99Ms: round(percentile(entry.latencies, 99), 3),
        errors: entry.errors,
      };
    };
    const byConnections = Object.fromEntries(
      settings.connections.map((c) => [
        c,
        { gateway: summary('gateway', c), direct: summary('direct', c) },
      ]),
    );
    const one = byConnections[1]!;
    const ten = byConnections[10]!;
    results.push({
      name: scenario.name,
      description: scenario.description,
      upstreamRequests: { planned: planned.length, naive: naive.length },
      directRequests: directTarget.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`),
      connections: byConnections,
      overheadP50Ms: round(one.gateway.p50Ms - one.direct.p50Ms, 3),
      throughputRatio: round(ten.gateway.opsPerSec / ten.direct.opsPerSec, 3),
      gatewayCpuMsPerOp: round(gatewayCpuMs / Math.max(1, gatewayOps), 3),
      emulatorCpuMsPerGatewayOp: round(emulatorCpuMs / Math.max(1, gatewayOps), 3),
      peakRssMb: round(peak.peakRss / MB, 1),
      floor: {
        connections: Object.fromEntries(settings.connections.map((c) => [c, summary('floor', c)])),
        throughputRatio: round(summary('floor', 10).opsPerSec / ten.direct.opsPerSec, 3),
        overheadP50Ms: round(summary('floor', 1).p50Ms - one.direct.p50Ms, 3),
        cpuMsPerOp: round(floorCpuMs / Math.max(1, floorOps), 3),
      },
      ...(peerTarget
        ? {
            peer: {
              name: PEER_NAME,
              query: PEER_QUERY,
              upstreamRequests: peerUpstream ?? 0,
              connections: Object.fromEntries(
                settings.connections.map((c) => [c, summary('peer', c)]),
              ),
              throughputRatio: round(summary('peer', 10).opsPerSec / ten.direct.opsPerSec, 3),
              overheadP50Ms: round(summary('peer', 1).p50Ms - one.direct.p50Ms, 3),
              cpuMsPerOp: round(peerCpuMs / Math.max(1, peerOps), 3),
              rssMb: round(peer?.rssMb() ?? 0, 1),
            },
          }
        : {}),
      runs,
    });
  }

  // Baseline: the gateway's fixed cost per request (HTTP, yoga, plugins) with no upstream call.
  process.stdout.write('\nBaseline: { __typename } (no upstream request)\n');
  await restartGateway();
  const baselineTarget: Target = {
    kind: 'gateway',
    url: `${gateway.url}/graphql`,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: jsonApiHeaders.authorization,
        },
        body: JSON.stringify({ query: '{ __typename }' }),
      },
    ],
    verify: (text) => text.startsWith('{"data"'),
  };
  await load(baselineTarget, 10, settings.warmupS);
  const baseline: Record<string, LoadSummary & { gatewayCpuMsPerOp: number }> = {};
  await profileStart();
  for (const connections of settings.connections) {
    const before = await gateway.ask<ProcessStats>('stats');
    const run = await load(baselineTarget, connections, settings.durationS);
    const after = await gateway.ask<ProcessStats>('stats');
    const cpuMs = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
    baseline[connections] = {
      opsPerSec: round(run.opsPerSec, 1),
      p50Ms: round(percentile(run.latencies, 50), 3),
      p99Ms: round(percentile(run.latencies, 99), 3),
      errors: run.errors,
      gatewayCpuMsPerOp: round(cpuMs / Math.max(1, run.ops), 3),
    };
    process.stdout.write(
      `  c=${connections}: ${run.opsPerSec.toFixed(1)} ops/s, p50 ${percentile(run.latencies, 50).toFixed(2)} ms, CPU ${(cpuMs / Math.max(1, run.ops)).toFixed(2)} ms/op\n`,
    );
  }

  await profileStop('baseline');

  // Soak: the read API's four queries in turn on 100 connections.
  process.stdout.write(`\nSoak: ${settings.soakConnections} connections, ${settings.soakS} s\n`);
  await restartGateway();
  const soakScenarios = SCENARIOS.filter((s) => SOAK_SCENARIOS.includes(s.name));
  const soakTarget: Target = {
    kind: 'gateway',
    url: `${gateway.url}/graphql`,
    requests: soakScenarios.map((scenario) => ({
      method: 'POST',
      path: '/graphql',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: jsonApiHeaders.authorization,
      },
      body: JSON.stringify({ query: scenario.query, variables: scenario.variables(data) }),
    })),
    verify: (text) => text.startsWith('{"data"') && !text.includes('"errors"'),
  };
  // Warm to steady state first (JIT, heap sized for 100 connections in flight): growth measured
  // from a cold process would be its warm-up, not a leak.
  await load(soakTarget, settings.soakConnections, settings.soakWarmupS, 1);
  const idleBefore = await gateway.ask<ProcessStats>('gc');
  await gateway.ask('resetPeak');
  const samples: { t: number; rssMb: number; heapUsedMb: number }[] = [];
  const soakStart = Date.now();
  const sampler = setInterval(() => {
    void gateway.ask<ProcessStats>('stats').then((stats) =>
      samples.push({
        t: round((Date.now() - soakStart) / 1000, 1),
        rssMb: round(stats.rss / MB, 1),
        heapUsedMb: round(stats.heapUsed / MB, 1),
      }),
    );
  }, 500);
  // Latencies per request: each connection cycles through the four queries.
  await profileStart();
  const soak = await load(soakTarget, settings.soakConnections, settings.soakS, 1);
  await profileStop('soak');
  clearInterval(sampler);
  const soakPeak = await gateway.ask<ProcessStats>('stats');
  const idleAfter = await gateway.ask<ProcessStats>('gc');
  // RSS and heap swing with each GC cycle under load: compare medians over a window of the run
  // (first, middle and last tenth), not single samples.
  const windowOf = (from: number, to: number) => {
    const inside = samples.filter(
      (sample) => sample.t >= settings.soakS * from && sample.t <= settings.soakS * to,
    );
    const picked = inside.length > 0 ? inside : samples;
    return {
      rssMb: round(
        percentile(
          picked.map((sample) => sample.rssMb),
          50,
        ),
        1,
      ),
      heapUsedMb: round(
        percentile(
          picked.map((sample) => sample.heapUsedMb),
          50,
        ),
        1,
      ),
    };
  };
  const soakStartSample = windowOf(0.05, 0.15);
  const soakMid = windowOf(0.45, 0.55);
  const soakEnd = windowOf(0.9, 1);
  const soakResult = {
    connections: settings.soakConnections,
    durationS: settings.soakS,
    operations: soakScenarios.map((s) => s.name),
    requests: soak.ops,
    requestsPerSec: round(soak.opsPerSec, 1),
    p50Ms: round(percentile(soak.latencies, 50), 2),
    p99Ms: round(percentile(soak.latencies, 99), 2),
    errors: soak.errors,
    rssMb: {
      idleBefore: round(idleBefore.rss / MB, 1),
      start: soakStartSample.rssMb,
      middle: soakMid.rssMb,
      end: soakEnd.rssMb,
      peak: round(soakPeak.peakRss / MB, 1),
      idleAfterGc: round(idleAfter.rss / MB, 1),
    },
    heapUsedMb: {
      idleBefore: round(idleBefore.heapUsed / MB, 1),
      middle: soakMid.heapUsedMb,
      end: soakEnd.heapUsedMb,
      idleAfterGc: round(idleAfter.heapUsed / MB, 1),
    },
    rssGrowthMiddleToEndMb: round(soakEnd.rssMb - soakMid.rssMb, 1),
    samples,
  };
  process.stdout.write(
    `  ${soakResult.requestsPerSec} req/s, errors ${soak.errors}, RSS start ${soakStartSample.rssMb} MB, middle ${soakMid.rssMb} MB, end ${soakEnd.rssMb} MB\n`,
  );

  await stop(gateway.child);
  await stop(floorProcess.child);
  await stop(emulatorProcess.child);
  await peer?.stop();

  // The micro-benchmarks, each in its own process after the load is over.
  const micro = <T>(file: string, env: string): T | undefined => {
    if (flags['skip-micro']) {
      return undefined;
    }
    const out = join(tmpdir(), `bench-${process.pid}-${basename(file, '.ts')}.json`);
    process.stdout.write(`\n${file}\n`);
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(here, file), ...(quick ? ['--quick'] : [])],
      { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, [env]: out } },
    );
    const result = JSON.parse(readFileSync(out, 'utf8')) as T;
    rmSync(out, { force: true });
    return result;
  };
  const clientBench = micro<ClientBench>('upstream-client.ts', 'BENCH_CLIENT_OUT');
  const pluginBench = micro<PluginBench>('plugins.ts', 'BENCH_PLUGINS_OUT');

  let profile: ProfileSummary | undefined;
  if (flags.profile) {
    // One profile per scenario, the baseline and the soak: their self times are summed.
    const files = readdirSync(profileDir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(profileDir, name));
    if (files.length > 0) {
      profile = summarizeProfile(files, root, 25, 0);
      // Kept for a closer look (Chrome DevTools, speedscope); too large to commit.
      mkdirSync('/tmp/bench-gateway-profiles', { recursive: true });
      for (const file of files) {
        copyFileSync(file, join('/tmp/bench-gateway-profiles', basename(file)));
      }
      rmSync(profileDir, { recursive: true, force: true });
      process.stdout.write('Gateway CPU profiles: /tmp/bench-gateway-profiles/\n');
    }
  }

  const cpu = cpus();
  const report: BenchReport = {
    generatedAt: startedAt.toISOString(),
    mode: quick ? 'quick' : 'full',
    totalSeconds: round((Date.now() - startedAt.getTime()) / 1000, 1),
    machine: {
      cpuModel: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      memoryGb: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((value) => round(value, 2)),
    },
    settings,
    method: {
      processes:
        'emulator, gateway and autocannon each in their own process, on the same machine (they share its cores)',
      gateway:
        'node dist/server.js (built at the start of the run) as deployed: NODE_ENV=production, default settings (info request log on stdout, Prometheus metrics on, tracing off), CL_BASE_URL pointing at the emulator with its integration credential',
      direct:
        'the JSON:API request(s) the planned gateway sends upstream for the same operation, replayed from the emulator request log with an integration token; an operation of N requests sends them one after the other on a connection and its latency is their sum',
      latency:
        'per operation, from autocannon response times (fractional ms), merged over the rounds',
      throughput: 'operations per second, mean over the rounds',
      cpu: 'process.cpuUsage() delta of the gateway process over its 10-connection runs ÷ operations',
      rss: 'process.memoryUsage().rss of the gateway process, sampled every 50 ms',
    },
    scenarios: results,
    skipped,
    baseline,
    soak: soakResult,
    ...(profile ? { profile } : {}),
    startup,
    peerStatus,
    ...(clientBench ? { client: clientBench } : {}),
    ...(pluginBench ? { plugins: pluginBench } : {}),
  };
  // A quick run is a smoke test: its numbers go to a temporary folder, never over the results.
  const outDir = quick ? join(tmpdir(), 'customers-gateway-bench-quick') : resultsDir;
  mkdirSync(outDir, { recursive: true });
  const base = quick ? 'quick' : 'latest';
  writeFileSync(join(outDir, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, `${base}.md`), renderMarkdown(report));
  writeFileSync(join(outDir, 'chart.svg'), renderChart(report));
  if (report.profile) {
    // Hot spots hold whatever the run length: they are kept with the results.
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'profile.md'), renderProfile(report.profile, report));
  }
  if (!quick) {
    updateReadme(renderMarkdown(report, { forReadme: true }));
  }
  process.stdout.write(
    `\nWrote ${relative(root, outDir) || outDir}/${base}.json, ${base}.md and chart.svg in ${report.totalSeconds} s\n`,
  );
} catch (error) {
  gateway.child.kill();
  naiveProcess.child.kill();
  void peerProcess?.stop();
  floorProcess.child.kill();
  emulatorProcess.child.kill();
  throw error;
}

/** Replaces the README's benchmark section (between the bench markers), or appends it. */
function updateReadme(section: string): void {
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const startMarker = '<!-- bench:start -->';
  const endMarker = '<!-- bench:end -->';
  const block = `${startMarker}\n${section.trim()}\n${endMarker}`;
  const from = readme.indexOf(startMarker);
  const to = readme.indexOf(endMarker);
  const next =
    from >= 0 && to > from
      ? `${readme.slice(0, from)}${block}${readme.slice(to + endMarker.length)}`
      : `${readme.trimEnd()}\n\n## Benchmarks\n\n${block}\n`;
  writeFileSync(path, next);
}
