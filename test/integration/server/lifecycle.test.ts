import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

/**
 * Starting and stopping `src/server.ts` as a user does (issue 12): busy ports, flags, the banner,
 * and a graceful stop on SIGTERM with a request in flight, also when the signal goes to `npm start`.
 */

const ROOT = new URL('../../../', import.meta.url);
const children: ChildProcess[] = [];
const blockers: Server[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'gateway-lifecycle-'));

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
  for (const blocker of blockers.splice(0)) {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  /** Resolves with the output once it matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  options: { detached?: boolean } = {},
): Running {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', EMULATOR_CUSTOMERS: '5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  children.push(child);
  let output = '';
  const listeners: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) {
      listener();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    exited,
    output: () => output,
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          if (pattern.test(output)) {
            clearTimeout(timer);
            resolve(output);
          }
        };
        listeners.push(check);
        exited.then(() => {
          check();
          clearTimeout(timer);
          reject(new Error(`exited before ${pattern}:\n${output}`));
        });
        check();
      });
    },
  };
}

const gateway = (env: Record<string, string> = {}, args: string[] = []) =>
  run('node_modules/.bin/tsx', ['src/server.ts', ...args], env);

async function occupiedPort(): Promise<number> {
  const blocker = createServer();
  blockers.push(blocker);
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return (blocker.address() as { port: number }).port;
}

const GRAPHIQL = /GraphiQL: (http:\S+)/;
const EMULATOR = /emulator at (http:\S+)\/api/;

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('ports', () => {
  it("a busy gateway port: one line naming the port and PORT, exit 2, the emulator's port freed", async () => {
    const port = await occupiedPort();
    const started = gateway({ EMULATOR_PORT: '0' }, ['--port', String(port)]);
    expect(await started.exited).toBe(2);
    const lines = started.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`port ${port}`);
    expect(lines[0]).toContain('PORT');
    expect(started.output()).not.toMatch(/EADDRINUSE|at .*\.ts:\d+/);
  });

  it('a busy embedded emulator port: one line naming EMULATOR_PORT, exit 2', async () => {
    const port = await occupiedPort();
    const started = gateway({ PORT: '0', EMULATOR_PORT: String(port) });
    expect(await started.exited).toBe(2);
    const lines = started.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`port ${port}`);
    expect(lines[0]).toContain('EMULATOR_PORT');
  });
});

describe('flags', () => {
  it('takes settings as flags: --port and --host win over the environment', async () => {
    const started = gateway({ PORT: 'not-a-port', EMULATOR_PORT: '0' }, [
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ]);
    const output = await started.waitFor(GRAPHIQL);
    const url = GRAPHIQL.exec(output)![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(await answers(url)).toBe(true);
  });

  it('an unknown flag: one line pointing at --help, exit 2', async () => {
    const started = gateway({}, ['--prot', '5000']);
    expect(await started.exited).toBe(2);
    const lines = started.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--prot');
    expect(lines[0]).toContain('--help');
  });

  it('--help lists the flags', async () => {
    const started = gateway({}, ['--help']);
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('--port 5000');
    expect(started.output()).toContain('EMULATOR_PORT');
  });
});

describe('banner', () => {
  it('tells the truth about a persisted EMULATOR_DB, and how to use the demo customer', async () => {
    const db = join(scratch, 'banner.sqlite');
    const first = gateway({
      PORT: '0',
      EMULATOR_PORT: '0',
      EMULATOR_DB: db,
      EMULATOR_CUSTOMERS: '4',
    });
    const output = await first.waitFor(GRAPHIQL);
    expect(output).toContain(`(4 customers, seeded into ${db})`);
    expect(output).toMatch(/rate limits: Commerce Layer's test-mode limits are enforced/);
    expect(output).toContain('EMULATOR_RATE_LIMIT=off');
    expect(output).toContain('"Authorization": "Bearer <access_token');
    // The printed curl works: its parameters get a customer token from the emulator.
    const emulatorUrl = EMULATOR.exec(output)![1]!;
    const curl = /curl -s (\S+) (-d [^\n\\]+)\\\n\s+(-d [^\n]+)/.exec(output)!;
    expect(curl[1]).toBe(`${emulatorUrl}/oauth/token`);
    const params = new URLSearchParams();
    for (const [, name, value] of `${curl[2]} ${curl[3]}`.matchAll(/-d (\w+)=('[^']*'|\S+)/g)) {
      params.set(name!, value!.replace(/^'|'$/g, ''));
    }
    expect(params.get('grant_type')).toBe('password');
    const tokenResponse = await fetch(curl[1]!, { method: 'POST', body: params });
    expect(tokenResponse.status).toBe(200);
    const { owner_id: ownerId } = (await tokenResponse.json()) as { owner_id: string };
    expect(ownerId).toMatch(/^\w+$/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = gateway({
      PORT: '0',
      EMULATOR_PORT: '0',
      EMULATOR_DB: db,
      EMULATOR_CUSTOMERS: '4',
    });
    const again = await second.waitFor(GRAPHIQL);
    expect(again).toContain(`(4 customers already in ${db}, not seeded again)`);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('never prints the password with NODE_ENV=production; says when rate limits are off', async () => {
    const started = gateway({
      PORT: '0',
      EMULATOR_PORT: '0',
      NODE_ENV: 'production',
      // Production refuses the emulator unless asked for on purpose; GraphiQL is off unless on.
      EMULATOR: 'true',
      GRAPHIQL: 'on',
      EMULATOR_RATE_LIMIT: 'off',
    });
    const output = await started.waitFor(GRAPHIQL);
    expect(output).toContain('password not shown');
    expect(output).not.toMatch(/password='(?!<)/);
    expect(output).toContain('rate limits: off');
    expect(output).toContain('(5 customers, seeded in memory)');
  });
});

describe('graceful stop', () => {
  const slowQuery = JSON.stringify({ query: '{ customers(first: 2) { totalCount } }' });

  async function inFlightThenSignal(
    started: Running,
    signal: () => void,
  ): Promise<{ status: number; body: { data?: { customers: { totalCount: number } } } }> {
    const output = await started.waitFor(GRAPHIQL);
    const url = GRAPHIQL.exec(output)![1]!;
    const emulatorUrl = EMULATOR.exec(output)![1]!;
    // Every upstream request now takes 1.5 s: the query below is in flight when the signal lands.
    const fault = await fetch(`${emulatorUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', latencyMs: 1_500 }),
    });
    expect(fault.status).toBeLessThan(300);
    const pending = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: slowQuery,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    signal();
    const response = await pending;
    const result = { status: response.status, body: (await response.json()) as never };
    // Once stopped, nothing listens any more.
    expect(await answers(url)).toBe(false);
    return result;
  }

  it('SIGTERM: the in-flight request finishes, one log line, exit 0, port closed', async () => {
    const started = gateway({ PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'info' });
    const result = await inFlightThenSignal(started, () => started.child.kill('SIGTERM'));
    expect(result.status).toBe(200);
    expect(result.body.data!.customers.totalCount).toBe(5);
    expect(await started.exited).toBe(0);
    const lines = started
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"shut down"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      signal: 'SIGTERM',
      inFlightAtSignal: 1,
      abandoned: 0,
    });
  });

  it('SIGTERM to `npm start` reaches the gateway: the request finishes and nothing keeps listening', async () => {
    const started = run('npm', ['start', '--silent', '--', '--port', '0', '--emulator-port', '0'], {
      LOG_LEVEL: 'info',
    });
    const result = await inFlightThenSignal(started, () => started.child.kill('SIGTERM'));
    expect(result.status).toBe(200);
    expect(result.body.data!.customers.totalCount).toBe(5);
    expect(await started.exited).toBe(0);
    const line = started
      .output()
      .split('\n')
      .find((candidate) => candidate.includes('"msg":"shut down"'));
    expect(JSON.parse(line!)).toMatchObject({
      signal: 'SIGTERM',
      inFlightAtSignal: 1,
      abandoned: 0,
    });
  });

  it('Ctrl-C on `npm start` (SIGINT to the whole process group): one shutdown, exit 0', async () => {
    const started = run(
      'npm',
      ['start', '--silent', '--', '--port', '0', '--emulator-port', '0'],
      { LOG_LEVEL: 'info' },
      { detached: true },
    );
    const result = await inFlightThenSignal(started, () =>
      process.kill(-started.child.pid!, 'SIGINT'),
    );
    expect(result.status).toBe(200);
    await started.exited;
    const lines = started
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"shut down"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ signal: 'SIGINT', inFlightAtSignal: 1 });
  });

  it('SIGTERM with SHUTDOWN_TIMEOUT_MS shorter than the request: the connection is closed, exit 0', async () => {
    const started = gateway({
      PORT: '0',
      EMULATOR_PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '100',
    });
    const output = await started.waitFor(GRAPHIQL);
    const url = GRAPHIQL.exec(output)![1]!;
    const emulatorUrl = EMULATOR.exec(output)![1]!;
    await fetch(`${emulatorUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', latencyMs: 5_000 }),
    });
    const pending = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: slowQuery,
    }).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(await pending).toBe('closed');
    const line = started
      .output()
      .split('\n')
      .find((candidate) => candidate.includes('"msg":"shut down"'));
    expect(JSON.parse(line!)).toMatchObject({ inFlightAtSignal: 1, abandoned: 1 });
  });
});
