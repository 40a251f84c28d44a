import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settings } from '../../../src/config.ts';
import { END_MARKER, START_MARKER, settingsTable } from '../../../src/docs/settings-table.ts';

const ROOT = new URL('../../../', import.meta.url);
/** tsx compiles the whole server on start: seconds alone, more on a busy CI machine. */
const SPAWN_TIMEOUT_MS = 90_000;

/** Runs `tsx src/server.ts …` to completion (it must exit on its own). */
function runServer(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['src/server.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not exit: ${stdout}${stderr}`));
    }, SPAWN_TIMEOUT_MS - 5_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('settings', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('--help lists every setting and exits 0', async () => {
    const { code, stdout } = await runServer(['--help'], {});
    expect(code).toBe(0);
    expect(stdout).toContain('Settings (environment variables):');
    for (const key of Object.keys(settings)) {
      expect(stdout).toMatch(new RegExp(`^\\s+${key}\\s`, 'm'));
    }
  });

  it('stops with exit code 2 and names each wrong setting with what it expects', async () => {
    const { code, stdout, stderr } = await runServer([], {
      PORT: 'abc',
      METRICS: 'maybe',
      LOG_LEVEL: 'loud',
    });
    expect(code).toBe(2);
    expect(stdout).not.toContain('GraphiQL');
    expect(stderr).toMatch(/PORT: .*expected number.*\(got "abc"\)/);
    expect(stderr).toMatch(/METRICS: .*"true".*\(got "maybe"\)/);
    expect(stderr).toMatch(/LOG_LEVEL: .*"debug".*\(got "loud"\)/);
    expect(stderr).toContain('Run with --help');
  });

  it('the README settings table lists exactly the settings of src/config.ts, current', () => {
    const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
    const start = readme.indexOf(START_MARKER);
    const end = readme.indexOf(END_MARKER);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const table = readme.slice(start + START_MARKER.length, end).trim();
    const names = table
      .split('\n')
      .slice(2)
      .map((row) => /^\|\s*`([A-Z0-9_]+)`\s*\|/.exec(row)?.[1]);
    expect(names).toEqual(Object.keys(settings));
    expect(table).toBe(settingsTable());
  });
});
