/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and ranks functions by self time, named
 * `file:function:line` relative to the repository, so hot spots can be quoted precisely.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  /** `src/schema/connection.ts:connectionFromPages`, `node_modules/got/…/index.js:_onResponseBase:544`, `(garbage collector)`, … */
  readonly name: string;
  readonly selfMs: number;
  /** Share of all sampled time, idle excluded. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly idleMs: number;
  readonly top: readonly HotSpot[];
  /** Self time per area: our code by folder, then dependencies by package. */
  readonly byArea: readonly HotSpot[];
  /** Self time per layer: our code, HTTP client, GraphQL execution, server, Node core, GC, … */
  readonly byLayer: readonly HotSpot[];
}

const LAYERS: readonly (readonly [string, RegExp])[] = [
  ['our code (src/, dist/)', /^(src|dist)\//],
  ['upstream HTTP client (got)', /node_modules\/got\//],
  [
    'GraphQL parse/validate/execute (graphql, @graphql-tools, pothos, armor)',
    /node_modules\/(graphql|@graphql-tools|@pothos|@escape\.tech|@envelop\/on-resolve)/,
  ],
  [
    'server (graphql-yoga, envelop, whatwg-node)',
    /node_modules\/(graphql-yoga|@envelop|@whatwg-node|@graphql-yoga)/,
  ],
  [
    'logging, metrics, tracing (pino, prom-client, opentelemetry)',
    /node_modules\/(pino|@pinojs|prom-client|@opentelemetry|sonic-boom)/,
  ],
  ['other dependencies', /node_modules\//],
  ['Node core (http, net, streams, events, async_hooks)', /^node:/],
];

function layerOf(file: string, functionName: string): string {
  if (functionName === '(garbage collector)') {
    return 'garbage collector';
  }
  if (file === '') {
    return 'native (socket writes, JSON, microtasks)';
  }
  return LAYERS.find(([, pattern]) => pattern.test(file))?.[0] ?? 'other';
}

function locate(url: string, root: string): string {
  if (url === '') {
    return '';
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(root) ? relative(root, path) : path;
}

function areaOf(file: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (dependency) {
    return `node_modules/${dependency[1]}`;
  }
  if (file.startsWith('node:')) {
    return file;
  }
  if (file === '') {
    return '(native)';
  }
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
}

/**
 * Ranks functions by self time (sample counts × their time deltas), summed over `paths`; the
 * first `skipMs` of each profile (module loading, schema build) are left out.
 */
export function summarizeProfile(
  paths: readonly string[],
  root: string,
  limit = 25,
  skipMs = 3_000,
): ProfileSummary {
  const byName = new Map<string, number>();
  const byArea = new Map<string, number>();
  const byLayer = new Map<string, number>();
  let idleMs = 0;
  let totalMs = 0;
  for (const path of paths) {
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map<number, number>();
    let elapsed = 0;
    for (let i = 0; i < profile.samples.length; i += 1) {
      const id = profile.samples[i] as number;
      const delta = (profile.timeDeltas[i] ?? 0) / 1000;
      elapsed += delta;
      if (elapsed >= skipMs) {
        self.set(id, (self.get(id) ?? 0) + delta);
      }
    }
    for (const [id, ms] of self) {
      const node = byId.get(id);
      if (!node) {
        continue;
      }
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') {
        idleMs += ms;
        continue;
      }
      if (functionName === 'dispatch' && url === '') {
        // The inspector serializing the profile on Profiler.stop: the profiler's cost, not ours.
        continue;
      }
      totalMs += ms;
      const file = locate(url, root);
      // tsx-compiled sources report every function on line 1: a line helps for JavaScript only.
      const line = file.endsWith('.ts') ? '' : `:${lineNumber + 1}`;
      const name = file
        ? `${file}:${functionName || '(anonymous)'}${line}`
        : functionName || '(anonymous)';
      byName.set(name, (byName.get(name) ?? 0) + ms);
      const area = file ? areaOf(file) : functionName;
      byArea.set(area, (byArea.get(area) ?? 0) + ms);
      const layer = layerOf(file, functionName);
      byLayer.set(layer, (byLayer.get(layer) ?? 0) + ms);
    }
  }
  const rank = (map: Map<string, number>, count: number): HotSpot[] =>
    [...map]
      .sort(([, a], [, b]) => b - a)
      .slice(0, count)
      .map(([name, ms]) => ({
        name,
        selfMs: Math.round(ms),
        percent: Math.round((ms / totalMs) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(totalMs),
    idleMs: Math.round(idleMs),
    top: rank(byName, limit),
    byArea: rank(byArea, 15),
    byLayer: rank(byLayer, LAYERS.length + 3),
  };
}
