/** The shape of `bench/results/latest.json` and its Markdown rendering. */
import type { ProfileSummary } from './profile.ts';

export interface LoadSummary {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** The gateway process a few seconds after start, before any operation. */
export interface StartupMemory {
  readonly runtime: string;
  readonly mode: string;
  readonly startMs: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly modules: number;
  /** Loaded modules from the emulator (SQLite, faker) or the build tools (tsx, esbuild, tsc). */
  readonly forbiddenModules: readonly string[];
}

/** The generic gateway on the same operation, in the same alternating rounds. */
export interface PeerResult {
  readonly name: string;
  readonly query: string;
  readonly upstreamRequests: number;
  readonly connections: Record<string, LoadSummary>;
  /** Peer ops/s ÷ direct ops/s at 10 connections. */
  readonly throughputRatio: number;
  /** Peer p50 − direct p50 at one connection. */
  readonly overheadP50Ms: number;
  readonly cpuMsPerOp: number;
  readonly rssMb: number;
}

/**
 * The floor in the same rounds (`floor-process.ts`): a bare got proxy sending the same upstream
 * requests and answering the gateway's bytes, without GraphQL, token checks, logs or metrics.
 */
export interface FloorResult {
  readonly connections: Record<string, LoadSummary>;
  /** Floor ops/s ÷ direct ops/s at 10 connections. */
  readonly throughputRatio: number;
  /** Floor p50 − direct p50 at one connection. */
  readonly overheadP50Ms: number;
  readonly cpuMsPerOp: number;
}

/** `bench/upstream-client.ts`'s result. */
export interface ClientBench {
  readonly pageBytes: number;
  readonly rows: readonly { client: string; cpuMsPerRequest: number; p50Ms: number }[];
  readonly bareGotOverRawMs: number;
  readonly gatewayOverBareGotMs: number;
  readonly gatewayOverBareGotWithoutDenormalizeMs: number;
}

/** `bench/plugins.ts`'s result. */
export interface PluginBench {
  readonly rows: readonly Record<string, unknown>[];
}

export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly upstreamRequests: { readonly planned: number; readonly naive: number };
  readonly directRequests: readonly string[];
  /** By connection count (1, 10): gateway and direct. */
  readonly connections: Record<string, { gateway: LoadSummary; direct: LoadSummary }>;
  /** Gateway p50 − direct p50 at one connection. */
  readonly overheadP50Ms: number;
  /** Gateway ops/s ÷ direct ops/s at 10 connections. */
  readonly throughputRatio: number;
  readonly gatewayCpuMsPerOp: number;
  readonly emulatorCpuMsPerGatewayOp: number;
  readonly peakRssMb: number;
  readonly floor?: FloorResult;
  readonly peer?: PeerResult;
  readonly runs: readonly Record<string, unknown>[];
}

export interface SoakResult {
  readonly connections: number;
  readonly durationS: number;
  readonly operations: readonly string[];
  readonly requests: number;
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly rssMb: {
    readonly idleBefore: number;
    readonly start: number;
    readonly middle: number;
    readonly end: number;
    readonly peak: number;
    readonly idleAfterGc: number;
  };
  readonly heapUsedMb: {
    readonly idleBefore: number;
    readonly middle: number;
    readonly end: number;
    readonly idleAfterGc: number;
  };
  readonly rssGrowthMiddleToEndMb: number;
  readonly samples: readonly { t: number; rssMb: number; heapUsedMb: number }[];
}

export interface BenchReport {
  readonly generatedAt: string;
  readonly mode: 'quick' | 'full';
  readonly totalSeconds: number;
  readonly machine: {
    readonly cpuModel: string;
    readonly cores: number;
    readonly memoryGb: number;
    readonly node: string;
    readonly platform: string;
    readonly loadAverageAtStart: readonly number[];
    readonly loadAverageAtEnd: readonly number[];
  };
  readonly settings: Record<string, unknown>;
  readonly method: Record<string, string>;
  readonly scenarios: readonly ScenarioResult[];
  readonly skipped: readonly { name: string; reason: string }[];
  /** `{ __typename }` through the gateway: its fixed cost per request, by connection count. */
  readonly baseline: Record<string, LoadSummary & { readonly gatewayCpuMsPerOp: number }>;
  readonly soak: SoakResult;
  readonly profile?: ProfileSummary;
  readonly startup?: readonly StartupMemory[];
  /** Whether the peer ran (`running`), or why not. */
  readonly peerStatus?: string;
  readonly client?: ClientBench;
  readonly plugins?: PluginBench;
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

/** The issue's targets, checked against a report. */
export function targetsOf(report: BenchReport): Target[] {
  const targets: Target[] = [];
  const page = report.scenarios.find((s) => s.name === 'CustomersPage');
  const READS: Record<string, number> = {
    CustomersPage: 1,
    NodesLookup: 2,
    CustomersWithOrders: 1,
    CustomerEverything: 2,
  };
  for (const [name, expected] of Object.entries(READS)) {
    const s = report.scenarios.find((candidate) => candidate.name === name);
    if (s) {
      targets.push({
        name: `${name}: upstream requests`,
        goal: `${expected} (naive: one per field)`,
        measured: `${s.upstreamRequests.planned} (naive ${s.upstreamRequests.naive})`,
        met: s.upstreamRequests.planned === expected,
      });
    }
  }
  if (page) {
    targets.push(
      {
        name: 'CustomersPage: gateway CPU per operation (10 connections)',
        goal: '≤ 1.5 ms',
        measured: `${fmt(page.gatewayCpuMsPerOp)} ms${floorNote(page, `${fmt(page.floor?.cpuMsPerOp ?? 0)} ms`)}`,
        met: page.gatewayCpuMsPerOp <= 1.5,
      },
      {
        name: 'CustomersPage: throughput at 10 connections',
        goal: '≥ 0.8 × direct',
        measured: `${fmt(page.throughputRatio)} × (${fmt(page.connections[10]!.gateway.opsPerSec)} vs ${fmt(page.connections[10]!.direct.opsPerSec)} ops/s)${floorNote(page, `${fmt(page.floor?.throughputRatio ?? 0)} ×`)}`,
        met: page.throughputRatio >= 0.8,
      },
      {
        name: 'CustomersPage: p50 over direct at 1 connection',
        goal: '≤ 1 ms',
        measured: `${fmt(page.overheadP50Ms)} ms (${fmt(page.connections[1]!.gateway.p50Ms)} vs ${fmt(page.connections[1]!.direct.p50Ms)})${floorNote(page, `${fmt(page.floor?.overheadP50Ms ?? 0)} ms`)}`,
        met: page.overheadP50Ms <= 1,
      },
    );
  }
  const base10 = report.baseline[10];
  if (base10) {
    targets.push({
      name: '`{ __typename }`: gateway CPU per operation',
      goal: '≤ 0.25 ms',
      measured: `${fmt(base10.gatewayCpuMsPerOp)} ms`,
      met: base10.gatewayCpuMsPerOp <= 0.25,
    });
  }
  for (const s of report.scenarios) {
    if (s.name === 'CustomersPage') {
      continue;
    }
    targets.push({
      name: `${s.name}: throughput at 10 connections`,
      goal: '≥ 0.6 × direct',
      measured: `${fmt(s.throughputRatio)} × (${fmt(s.connections[10]!.gateway.opsPerSec)} vs ${fmt(s.connections[10]!.direct.opsPerSec)} ops/s)${floorNote(s, `${fmt(s.floor?.throughputRatio ?? 0)} ×`)}`,
      met: s.throughputRatio >= 0.6,
    });
  }
  const deployed = report.startup?.find(
    (entry) => entry.runtime.startsWith('node dist') && entry.mode.startsWith('deployed'),
  );
  if (deployed) {
    targets.push(
      {
        name: 'Deployed gateway (node dist/server.js) RSS at start',
        goal: '≤ 120 MB',
        measured: `${fmt(deployed.rssMb)} MB`,
        met: deployed.rssMb <= 120,
      },
      {
        name: 'Deployed gateway loads nothing from the emulator or build tools',
        goal: '0 modules',
        measured:
          deployed.forbiddenModules.length === 0
            ? `0 of ${deployed.modules}`
            : deployed.forbiddenModules.slice(0, 5).join(', '),
        met: deployed.forbiddenModules.length === 0,
      },
    );
  }
  const soak = report.soak;
  targets.push({
    name: `Soak RSS (${soak.connections} connections, ${soak.durationS} s)`,
    goal: '< 250 MB and flat (end ≤ middle + 5 %), no errors',
    measured: `RSS ${fmt(soak.rssMb.start)} → ${fmt(soak.rssMb.middle)} → ${fmt(soak.rssMb.end)} MB (window medians, peak ${fmt(soak.rssMb.peak)}), heap after GC ${fmt(soak.heapUsedMb.idleBefore)} → ${fmt(soak.heapUsedMb.idleAfterGc)} MB, ${soak.errors} errors`,
    met: soak.rssMb.peak < 250 && soak.rssMb.end <= soak.rssMb.middle * 1.05 && soak.errors === 0,
  });
  if (report.client) {
    targets.push(
      {
        name: `Upstream client: bare got over node:http (${(report.client.pageBytes / 1024).toFixed(0)} KB page)`,
        goal: '≤ 0.5 ms CPU',
        measured: `${fmt(report.client.bareGotOverRawMs)} ms`,
        met: report.client.bareGotOverRawMs <= 0.5,
      },
      {
        name: "Upstream client: the gateway's configured client over bare got",
        goal: '≤ 0.2 ms CPU',
        measured: `${fmt(report.client.gatewayOverBareGotMs)} ms (${fmt(report.client.gatewayOverBareGotWithoutDenormalizeMs)} ms without denormalising, which bare got does not do)`,
        met: report.client.gatewayOverBareGotMs <= 0.2,
      },
    );
  }
  if (page) {
    const peer = page.peer;
    targets.push(
      {
        name: `Peer (${peer?.name ?? 'GraphQL Mesh on Hive Gateway'}): upstream requests for CustomersPage`,
        goal: `more than ours (${page.upstreamRequests.planned})`,
        measured: peer ? String(peer.upstreamRequests) : (report.peerStatus ?? 'not installed'),
        met: peer !== undefined && peer.upstreamRequests > page.upstreamRequests.planned,
      },
      {
        name: 'Peer: throughput at 10 connections, beside ours',
        goal: 'ours higher',
        measured: peer
          ? `peer ${fmt(peer.connections[10]!.opsPerSec)} ops/s (${fmt(peer.throughputRatio)} × direct) vs ours ${fmt(page.connections[10]!.gateway.opsPerSec)} (${fmt(page.throughputRatio)} ×)`
          : (report.peerStatus ?? 'not installed'),
        met:
          peer !== undefined &&
          page.connections[10]!.gateway.opsPerSec > peer.connections[10]!.opsPerSec,
      },
      {
        name: 'Peer: p50 at 1 connection, beside ours',
        goal: 'ours lower',
        measured: peer
          ? `peer ${fmt(peer.connections[1]!.p50Ms)} ms vs ours ${fmt(page.connections[1]!.gateway.p50Ms)} ms (direct ${fmt(page.connections[1]!.direct.p50Ms)})`
          : (report.peerStatus ?? 'not installed'),
        met: peer !== undefined && page.connections[1]!.gateway.p50Ms < peer.connections[1]!.p50Ms,
      },
    );
  }
  return targets;
}

/** `; floor: …` when the scenario's floor ran (the bare got proxy of the same rounds). */
function floorNote(s: ScenarioResult, value: string): string {
  return s.floor ? `; floor ${value}` : '';
}

function fmt(value: number): string {
  if (Math.abs(value) >= 100) {
    return value.toFixed(0);
  }
  return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** `latest.md`, or (forReadme) the same tables with the chart, for the README section. */
export function renderMarkdown(report: BenchReport, options: { forReadme?: boolean } = {}): string {
  const m = report.machine;
  const lines: string[] = [];
  const chart = options.forReadme ? 'bench/results/chart.svg' : 'chart.svg';
  if (!options.forReadme) {
    lines.push('# Benchmarks', '');
  }
  lines.push(
    `\`npm run bench\` (${report.mode}, ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC, ${report.totalSeconds} s) on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node.replace(/^v/, '')}; load average ${m.loadAverageAtStart.join(' / ')} at start, ${m.loadAverageAtEnd.join(' / ')} at end. Emulator (200 customers, rate limits off), gateway and autocannon 9.0.0 each run in their own process on the same cores. Direct = the JSON:API request(s) the planned gateway sends for the same data, replayed against the same emulator, alternating with the gateway runs.`,
    '',
    `![Latency and throughput per scenario, gateway vs direct](${chart})`,
    '',
    '| Scenario | Upstream requests planned / naive | p50 ms 1 conn gateway / direct | p99 ms 1 conn gateway / direct | ops/s 10 conn gateway / direct | Ratio | Gateway CPU ms/op | Peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const s of report.scenarios) {
    const one = s.connections[1]!;
    const ten = s.connections[10]!;
    lines.push(
      `| ${s.name} | ${s.upstreamRequests.planned} / ${s.upstreamRequests.naive} | ${fmt(one.gateway.p50Ms)} / ${fmt(one.direct.p50Ms)} | ${fmt(one.gateway.p99Ms)} / ${fmt(one.direct.p99Ms)} | ${fmt(ten.gateway.opsPerSec)} / ${fmt(ten.direct.opsPerSec)} | ${fmt(s.throughputRatio)} | ${fmt(s.gatewayCpuMsPerOp)} | ${fmt(s.peakRssMb)} |`,
    );
    if (s.floor) {
      const f1 = s.floor.connections[1]!;
      const f10 = s.floor.connections[10]!;
      lines.push(
        `| ${s.name}, floor: bare got proxy | ${s.upstreamRequests.planned} / – | ${fmt(f1.p50Ms)} / ${fmt(one.direct.p50Ms)} | ${fmt(f1.p99Ms)} / ${fmt(one.direct.p99Ms)} | ${fmt(f10.opsPerSec)} / ${fmt(ten.direct.opsPerSec)} | ${fmt(s.floor.throughputRatio)} | ${fmt(s.floor.cpuMsPerOp)} | – |`,
      );
    }
    if (s.peer) {
      const p1 = s.peer.connections[1]!;
      const p10 = s.peer.connections[10]!;
      lines.push(
        `| ${s.name}, peer: ${s.peer.name} | ${s.peer.upstreamRequests} / – | ${fmt(p1.p50Ms)} / ${fmt(one.direct.p50Ms)} | ${fmt(p1.p99Ms)} / ${fmt(one.direct.p99Ms)} | ${fmt(p10.opsPerSec)} / ${fmt(ten.direct.opsPerSec)} | ${fmt(s.peer.throughputRatio)} | ${fmt(s.peer.cpuMsPerOp)} | ${fmt(s.peer.rssMb)} |`,
      );
    }
  }
  if (report.scenarios.some((s) => s.floor)) {
    lines.push(
      '',
      "Floor rows: the least a Node.js gateway over got costs here, in the same alternating rounds. A bare `node:http` server (`bench/floor-process.ts`) reads and parses the request, sends the scenario's planned upstream request(s) through a bare got instance on a keep-alive agent, parses each answer with `JSON.parse` and answers the gateway's own bytes: no GraphQL, no token check, no log, no metrics. What the gateway costs over its floor is the price of GraphQL and of what it does for its callers; a target the floor itself misses cannot be met by any got-based gateway on this machine.",
    );
  }
  const withPeer = report.scenarios.find((s) => s.peer);
  if (withPeer?.peer) {
    lines.push(
      '',
      `Peer row: the same emulator, the same alternating rounds; its query is \`${withPeer.peer.query}\` (25 customers with group, tags and address book, relationships wired by hand with \`@resolveTo\`; the addresses' cities are not reachable through the generated schema, so it fetches a little less). Its RSS is at the end of the scenario.`,
    );
  } else if (report.peerStatus !== undefined) {
    lines.push('', `Peer (GraphQL Mesh on Hive Gateway): ${report.peerStatus}.`);
  }
  if (report.startup && report.startup.length > 0) {
    lines.push(
      '',
      '| Gateway process at start (1 s after /health answers) | Mode | RSS MB | Heap MB | Modules | From emulator or build tools | Ready in ms |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const entry of report.startup) {
      lines.push(
        `| \`${entry.runtime}\` | ${entry.mode} | ${fmt(entry.rssMb)} | ${fmt(entry.heapUsedMb)} | ${entry.modules} | ${entry.forbiddenModules.length} | ${entry.startMs} |`,
      );
    }
  }
  if (report.plugins && report.plugins.rows.length > 0) {
    lines.push(
      '',
      'Observability cost per operation (`bench/plugins.ts`: one process, `gateway.fetch` over the gateway client and a fixed-bytes upstream; CPU ms per operation, median of alternating rounds, and the difference to the bare gateway of the same run):',
      '',
      '| Variant | CustomersPage CPU ms | over bare | `{ __typename }` CPU ms | over bare |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const row of report.plugins.rows) {
      lines.push(
        `| ${String(row.variant)} | ${fmt(Number(row.CustomersPageCpuMs))} | ${fmt(Number(row.CustomersPageOverBareMs))} | ${fmt(Number(row.__typenameCpuMs))} | ${fmt(Number(row.__typenameOverBareMs))} |`,
      );
    }
  }
  if (report.client) {
    lines.push(
      '',
      `Upstream HTTP path per ${(report.client.pageBytes / 1024).toFixed(0)} KB CustomersPage page (\`bench/upstream-client.ts\`: fixed bytes from a child process, one request at a time on a keep-alive agent, CPU of the client process, median of alternating rounds):`,
      '',
      '| Client | CPU ms / request | p50 ms |',
      '| --- | --- | --- |',
    );
    for (const row of report.client.rows) {
      lines.push(`| ${row.client} | ${fmt(row.cpuMsPerRequest)} | ${fmt(row.p50Ms)} |`);
    }
  }
  const base1 = report.baseline[1];
  const base10 = report.baseline[10];
  if (base1 && base10) {
    lines.push(
      '',
      `Baseline \`{ __typename }\` (no upstream request; the gateway's fixed cost per request): p50 ${fmt(base1.p50Ms)} ms at 1 connection, ${fmt(base10.opsPerSec)} ops/s at 10 connections, ${fmt(base10.gatewayCpuMsPerOp)} ms CPU per request.`,
    );
  }
  const soak = report.soak;
  lines.push(
    '',
    `Soak (after ${String(report.settings.soakWarmupS)} s of warm-up at the same load): ${soak.connections} connections for ${soak.durationS} s over ${soak.operations.join(', ')}: ${fmt(soak.requestsPerSec)} req/s, p50 ${fmt(soak.p50Ms)} ms, p99 ${fmt(soak.p99Ms)} ms, ${soak.errors} errors; gateway RSS ${fmt(soak.rssMb.start)} MB at the start, ${fmt(soak.rssMb.middle)} MB in the middle, ${fmt(soak.rssMb.end)} MB at the end (peak ${fmt(soak.rssMb.peak)} MB; idle after a forced GC: ${fmt(soak.rssMb.idleBefore)} MB RSS and ${fmt(soak.heapUsedMb.idleBefore)} MB heap before, ${fmt(soak.rssMb.idleAfterGc)} MB RSS and ${fmt(soak.heapUsedMb.idleAfterGc)} MB heap after).`,
    '',
    '| Target | Goal | Measured | Met |',
    '| --- | --- | --- | --- |',
  );
  for (const target of targetsOf(report)) {
    lines.push(
      `| ${target.name} | ${target.goal} | ${target.measured} | ${target.met ? 'yes' : 'no'} |`,
    );
  }
  if (report.skipped.length > 0) {
    lines.push('', `Not run: ${report.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.`);
  }
  if (!options.forReadme) {
    lines.push('', '## Method', '');
    for (const [key, value] of Object.entries(report.method)) {
      lines.push(`- **${key}**: ${value}`);
    }
    lines.push('', '## Direct requests per scenario', '');
    for (const s of report.scenarios) {
      lines.push(`- ${s.name} (${s.description}): ${s.directRequests.join(', ')}`);
    }
    lines.push(
      '',
      '## Emulator CPU per gateway operation',
      '',
      'What the upstream itself spends for one gateway operation (same process for both sides):',
      '',
    );
    for (const s of report.scenarios) {
      lines.push(`- ${s.name}: ${fmt(s.emulatorCpuMsPerGatewayOp)} ms`);
    }
    if (report.profile) {
      lines.push('', renderProfile(report.profile, report).trim());
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The hot spots of a `--profile` run (also written alone as `bench/results/profile.md`). */
export function renderProfile(profile: ProfileSummary, report: BenchReport): string {
  const lines = [
    '## Gateway CPU profile (self time)',
    '',
    `\`npm run bench -- ${report.mode === 'quick' ? '--quick ' : ''}--profile\` (${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC): the gateway's measured runs only (V8 CPU profiler, 1 ms sampling; start-up and warm-up left out), self times summed: ${profile.totalMs} ms of CPU (idle excluded) over ${report.scenarios.map((s) => s.name).join(', ')}, the baseline and the soak.`,
    '',
    '| Function | Self ms | % |',
    '| --- | --- | --- |',
  ];
  for (const spot of profile.top) {
    lines.push(`| \`${spot.name}\` | ${spot.selfMs} | ${spot.percent} |`);
  }
  lines.push('', '| Area | Self ms | % |', '| --- | --- | --- |');
  for (const spot of profile.byArea) {
    lines.push(`| \`${spot.name}\` | ${spot.selfMs} | ${spot.percent} |`);
  }
  lines.push('', '| Layer | Self ms | % |', '| --- | --- | --- |');
  for (const spot of profile.byLayer) {
    lines.push(`| ${spot.name} | ${spot.selfMs} | ${spot.percent} |`);
  }
  return `${lines.join('\n')}\n`;
}
