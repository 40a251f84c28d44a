import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { emulatorToken } from '../../helpers/auth.ts';

/** Built by `npm run build -- --out-dir=…` (the same script as `dist/`), inside the repository so
 * that its imports resolve from `node_modules`; gitignored. */
const OUT = join('test-results', `build-${process.pid}`);
const children: ChildProcess[] = [];
let emulator: RunningEmulator;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs', `--out-dir=${OUT}`], { stdio: 'pipe' });
  emulator = await createEmulator({ port: 0, customers: 5, rateLimit: false });
}, 180_000);

afterAll(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGTERM');
  }
  await emulator?.close();
  rmSync(OUT, { recursive: true, force: true });
});

/** `node <out>/server.js`, as a deployment runs it; resolves with the printed GraphiQL URL. */
function startBuilt(env: Record<string, string>): Promise<{ url: string; output: string }> {
  const child = spawn(process.execPath, [join(OUT, 'server.js')], {
    env: { ...process.env, LOG_LEVEL: 'silent', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /GraphiQL: (http:\S+)/.exec(output)?.[1];
      if (url !== undefined) {
        resolve({ url, output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function customers(url: string, authorization?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: '{ customers(first: 2) { totalCount nodes { email } } }' }),
  });
  return (await response.json()) as {
    data?: { customers: { totalCount: number; nodes: { email: string }[] } };
    errors?: unknown[];
  };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('npm run build', () => {
  it('emits JavaScript whose gateway code never imports the emulator, SQLite, faker or tsx', () => {
    const code = files(OUT).filter((path) => path.endsWith('.js'));
    expect(code.map((path) => relative(OUT, path))).toContain('server.js');
    for (const path of code) {
      if (relative(OUT, path).startsWith('emulator')) {
        continue;
      }
      const text = readFileSync(path, 'utf8');
      expect(text, path).not.toMatch(/from ['"](better-sqlite3|@faker-js\/faker|tsx)/);
      expect(text, path).not.toMatch(/\.ts['"]\)?;?$/m);
      // Only serve.js names the emulator, behind a dynamic import taken in embedded mode.
      if (!path.endsWith('/serve.js')) {
        expect(text, path).not.toMatch(/emulator\/[a-z-]+\.js/);
      }
    }
  });

  it('runs embedded: node <out>/server.js starts the emulator from the build and answers', async () => {
    const { url, output } = await startBuilt({ EMULATOR_PORT: '0', EMULATOR_CUSTOMERS: '7' });
    expect(output).toMatch(/embedded Commerce Layer emulator/);
    const body = await customers(url);
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.totalCount).toBe(7);
  });

  it('runs deployed (CL_BASE_URL set) without the emulator in the build at all, and answers', async () => {
    // Proof that a deployed gateway never loads it: the emulator's code is gone from the build.
    rmSync(join(OUT, 'emulator'), { recursive: true, force: true });
    const { url, output } = await startBuilt({
      CL_BASE_URL: emulator.apiUrl,
      CL_AUTH_URL: emulator.authUrl,
      CL_JWKS_URL: emulator.jwksUrl,
      CL_ORGANIZATION: emulator.organization.slug,
      CL_CLIENT_ID: emulator.credentials.integration.clientId,
      CL_CLIENT_SECRET: emulator.credentials.integration.clientSecret,
    });
    expect(output).toContain(`Upstream: ${emulator.apiUrl}`);
    // Deployed: a caller's own token, verified against the key set; none is refused.
    expect((await customers(url)).errors).toBeDefined();
    const body = await customers(url, `Bearer ${await emulatorToken(emulator, 'integration')}`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.totalCount).toBe(5);
    expect(body.data?.customers.nodes).toHaveLength(2);
  });
});
