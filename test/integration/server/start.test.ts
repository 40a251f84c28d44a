import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    child.kill('SIGTERM');
  }
});

/** Starts `src/server.ts` as `npm start` does and resolves once it printed what matches. */
function start(
  env: Record<string, string>,
  until: RegExp,
): Promise<{ output: string; child: ChildProcess }> {
  const child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
    env: { ...process.env, LOG_LEVEL: 'silent', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) {
        resolve({ output, child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm start', () => {
  it('runs the seeded emulator and the gateway, and prints a GraphiQL URL that answers', async () => {
    const { output } = await start(
      { PORT: '0', EMULATOR_PORT: '0', EMULATOR_CUSTOMERS: '20' },
      /GraphiQL: (http:\S+)/,
    );
    const url = /GraphiQL: (http:\S+)/.exec(output)![1]!;
    expect(output).toMatch(/embedded Commerce Layer emulator/);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ customers(first: 3) { totalCount nodes { email } } }' }),
    });
    const body = (await response.json()) as {
      data: { customers: { totalCount: number; nodes: unknown[] } };
    };
    expect(body.data.customers!.totalCount).toBe(20);
    expect(body.data.customers!.nodes).toHaveLength(3);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('customers(first: 10');
  });

  it('starts no emulator when CL_BASE_URL is set', async () => {
    const emulatorPort = await freePort();
    const { output } = await start(
      {
        PORT: '0',
        EMULATOR_PORT: String(emulatorPort),
        CL_BASE_URL: 'http://127.0.0.1:9/api',
        CL_AUTH_URL: 'http://127.0.0.1:9/oauth/token',
        CL_ORGANIZATION: 'acme',
      },
      /GraphiQL: (http:\S+)/,
    );
    expect(output).toContain('Upstream: http://127.0.0.1:9/api');
    expect(output).not.toMatch(/emulator/i);
    await expect(fetch(`http://127.0.0.1:${emulatorPort}/`)).rejects.toThrow();
  });

  it('stops with a message naming a wrong setting', async () => {
    const child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/PORT/);
  });
});
