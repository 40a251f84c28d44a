/** The shape of `bench/results/latest.json` and its Markdown rendering. */
import type { ProfileSummary } from './profile.ts';

export interface LoadSummary {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
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
  if (page) {
    targets.push({
      name: '25 customers in 1 upstream request',
      goal: '1 (naive ~76–101)',
      measured: `${page.upstreamRequests.planned} (naive ${page.upstreamRequests.naive})`,
      met: page.upstreamRequests.planned === 1,
    });
  }
  for (const s of report.scenarios) {
    targets.push({
      name: `${s.name}: p50 overhead at 1 connection`,
      goal: '≤ 2 ms over direct',
      measured: `${fmt(s.overheadP50Ms)} ms (${fmt(s.connections[1]!.gateway.p50Ms)} vs ${fmt(s.connections[1]!.direct.p50Ms)})`,
      met: s.overheadP50Ms <= 2,
    });
  }
  for (const s of report.scenarios) {
    targets.push({
      name: `${s.name}: throughput at 10 connections`,
      goal: '≥ 0.6 × direct',
      measured: `${fmt(s.throughputRatio)} × (${fmt(s.connections[10]!.gateway.opsPerSec)} vs ${fmt(s.connections[10]!.direct.opsPerSec)} ops/s)`,
      met: s.throughputRatio >= 0.6,
    });
  }
  const soak = report.soak;
  targets.push({
    name: `No RSS growth over the soak (${soak.connections} connections, ${soak.durationS} s)`,
    goal: 'RSS end ≤ middle + 5 %, no errors',
    measured: `RSS ${fmt(soak.rssMb.start)} → ${fmt(soak.rssMb.middle)} → ${fmt(soak.rssMb.end)} MB (window medians), heap after GC ${fmt(soak.heapUsedMb.idleBefore)} → ${fmt(soak.heapUsedMb.idleAfterGc)} MB, ${soak.errors} errors`,
    met: soak.rssMb.end <= soak.rssMb.middle * 1.05 && soak.errors === 0,
  });
  return targets;
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
