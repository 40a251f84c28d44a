/**
 * The benchmark chart as a self-contained SVG: three panels of horizontal bars (p50 and p99
 * latency at one connection, throughput at ten), gateway and direct side by side per scenario,
 * and the generic peer gateway (GraphQL Mesh on Hive Gateway) beside direct where it ran.
 */
import type { BenchReport, LoadSummary } from './report.ts';

const WIDTH = 960;
const LABEL = 190;
const RIGHT = 90;
const BAR = 13;
const GAP = 3;
const ROW = BAR * 2 + GAP + 12;
const COLORS = { gateway: '#2563eb', direct: '#9ca3af', peer: '#ea580c' } as const;

interface Row {
  readonly label: string;
  readonly bars: (connections: string) => readonly (readonly [keyof typeof COLORS, LoadSummary])[];
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function format(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly connections: string;
  readonly pick: (summary: LoadSummary) => number;
}

const PANELS: readonly Panel[] = [
  {
    title: 'Latency p50, 1 connection (lower is better)',
    unit: 'ms',
    connections: '1',
    pick: (s) => s.p50Ms,
  },
  {
    title: 'Latency p99, 1 connection (lower is better)',
    unit: 'ms',
    connections: '1',
    pick: (s) => s.p99Ms,
  },
  {
    title: 'Throughput, 10 connections (higher is better)',
    unit: 'ops/s',
    connections: '10',
    pick: (s) => s.opsPerSec,
  },
];

/** Renders the chart of a report. */
export function renderChart(report: BenchReport): string {
  const rows: Row[] = report.scenarios.flatMap((s) => {
    const own: Row = {
      label: s.name,
      bars: (c) => {
        const pair = s.connections[c];
        return pair
          ? [
              ['gateway', pair.gateway],
              ['direct', pair.direct],
            ]
          : [];
      },
    };
    const peer = s.peer;
    if (peer === undefined) {
      return [own];
    }
    const viaPeer: Row = {
      label: `${s.name} via Mesh`,
      bars: (c) => {
        const mine = peer.connections[c];
        const pair = s.connections[c];
        return mine && pair
          ? [
              ['peer', mine],
              ['direct', pair.direct],
            ]
          : [];
      },
    };
    return [own, viaPeer];
  });
  const anyPeer = rows.length > report.scenarios.length;
  const panelHeight = 40 + rows.length * ROW;
  const legendHeight = 56;
  const height = legendHeight + PANELS.length * (panelHeight + 16);
  const plot = WIDTH - LABEL - RIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="600">customers-gateway: gateway vs direct JSON:API (${xml(report.machine.cpuModel)}, ${report.machine.cores} cores, Node ${xml(report.machine.node)})</text>`,
    `<rect x="16" y="36" width="12" height="12" fill="${COLORS.gateway}"/><text x="34" y="46">gateway (GraphQL)</text>`,
    `<rect x="160" y="36" width="12" height="12" fill="${COLORS.direct}"/><text x="178" y="46">direct (the same JSON:API request(s) to the emulator)</text>`,
    ...(anyPeer
      ? [
          `<rect x="520" y="36" width="12" height="12" fill="${COLORS.peer}"/><text x="538" y="46">GraphQL Mesh (OpenAPI) on Hive Gateway</text>`,
        ]
      : []),
  ];
  PANELS.forEach((panel, index) => {
    const top = legendHeight + index * (panelHeight + 16);
    const values = rows.flatMap((r) => r.bars(panel.connections).map(([, v]) => panel.pick(v)));
    const max = Math.max(1e-9, ...values);
    parts.push(
      `<text x="16" y="${top + 18}" font-size="13" font-weight="600">${xml(panel.title)}</text>`,
      `<line x1="${LABEL}" y1="${top + 28}" x2="${LABEL}" y2="${top + panelHeight}" stroke="#d1d5db"/>`,
    );
    rows.forEach((entry, row) => {
      const bars = entry.bars(panel.connections);
      if (bars.length === 0) {
        return;
      }
      const y = top + 32 + row * ROW;
      parts.push(
        `<text x="${LABEL - 8}" y="${y + BAR + 4}" text-anchor="end">${xml(entry.label)}</text>`,
      );
      bars.forEach(([kind, summary], k) => {
        const value = panel.pick(summary);
        const width = Math.max(1, (value / max) * plot);
        const barY = y + k * (BAR + GAP);
        parts.push(
          `<rect x="${LABEL}" y="${barY}" width="${width.toFixed(1)}" height="${BAR}" fill="${COLORS[kind]}"/>`,
          `<text x="${(LABEL + width + 4).toFixed(1)}" y="${barY + BAR - 2}" fill="#374151">${format(value, panel.unit)}</text>`,
        );
      });
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
