/**
 * Rewrites the settings table of README.md from `src/config.ts` (`npm run docs:settings`), between
 * the `<!-- settings:start -->` and `<!-- settings:end -->` markers. `--check` changes nothing and
 * exits 1 when the README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { settings } from '../config.ts';

export const START_MARKER = '<!-- settings:start -->';
export const END_MARKER = '<!-- settings:end -->';

/**
 * The Markdown table: one row per setting, in `settings` order, with its default. Columns are
 * padded as Biome formats Markdown tables, so `npm run lint` accepts the generated README.
 */
export function settingsTable(): string {
  const rows = Object.entries(settings).map(([key, setting]) => {
    const parsed = setting.schema.safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? `\`${parsed.data}\`` : '';
    return [`\`${key}\``, fallback, setting.help.replaceAll('|', '\\|')];
  });
  const header = ['Setting', 'Default', 'Meaning'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

/** `readme` with the text between the markers replaced by the current table. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end < start) {
    throw new Error(`README.md needs ${START_MARKER} … ${END_MARKER} around the settings table`);
  }
  return `${readme.slice(0, start + START_MARKER.length)}\n${settingsTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL('../../README.md', import.meta.url));
  const current = readFileSync(path, 'utf8');
  const next = withSettingsTable(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('README.md settings table is out of date: run npm run docs:settings\n');
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(path, next);
    process.stdout.write('README.md: settings table updated\n');
  } else {
    process.stdout.write('README.md: settings table already current\n');
  }
}
