import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
const main = path.join(repoRoot, 'src/emulator/main.ts');

function run(args: string[]): ChildProcess {
  return spawn(tsx, [main, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}

function waitForExit(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

function waitForBanner(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('curl -sg')) {
        resolve(stdout);
      }
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${stdout}`)));
  });
}

describe('npm run emulator', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });

  it('prints its URL and demo credentials that work', async () => {
    child = run(['--port', '0', '--customers', '5', '--no-rate-limit']);
    const banner = await waitForBanner(child);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    const clientId = /client_id=(\S+) client_secret=(\S+)/.exec(banner);
    const customer = /customer:\s+(\S+) \/ (\S+)/.exec(banner);
    expect(url).toBeDefined();
    expect(banner).toContain(`POST ${url}/oauth/token`);
    expect(banner).toContain('rate limits:   off');

    const integration = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: clientId?.[1],
        client_secret: clientId?.[2],
      }),
    });
    expect(integration.status).toBe(200);

    const salesChannelId = /sales channel: client_id=(\S+)/.exec(banner)?.[1];
    const password = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: salesChannelId,
        username: customer?.[1],
        password: customer?.[2],
      }),
    });
    expect(password.status).toBe(200);

    const stopped = waitForExit(child);
    child.kill('SIGTERM');
    expect((await stopped).code).toBe(0);
  });

  it('exits 2 naming a bad flag', async () => {
    child = run(['--port', '0', '--prot', '1']);
    const { code, stderr } = await waitForExit(child);
    expect(code).toBe(2);
    expect(stderr).toContain("'--prot'");
    expect(stderr).toContain('Usage:');
  });
});
