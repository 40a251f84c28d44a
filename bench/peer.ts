/**
 * The generic gateway the benchmark compares with, when installed (`npm --prefix bench/peers ci`):
 * GraphQL Mesh's `@omnigraph/openapi` over the customers subset of Commerce Layer's OpenAPI,
 * composed by `@graphql-mesh/compose-cli` (`bench/peers/mesh.config.ts`) against the bench's
 * emulator, and served by `@graphql-hive/gateway` in its own process (one worker).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PEER_NAME = 'GraphQL Mesh (Omnigraph OpenAPI) on Hive Gateway';

/**
 * What the peer is asked for CustomersPage: 25 customers (page size set by the config) with their
 * group, tags and address book, wired by hand with `@resolveTo`. The spec types relationship
 * answers as JSON, so the addresses' cities (a further hop) are not reachable: the peer fetches
 * a little less than the gateway for this operation.
 */
export const PEER_QUERY =
  '{ GET_customers { data { id attributes { email status } customer_group tags customer_addresses } } }';

export interface RunningPeer {
  readonly url: string;
  readonly child: ChildProcess;
  /** user+system CPU of the peer process so far, in ms (from /proc). */
  cpuMs(): number;
  rssMb(): number;
  stop(): Promise<void>;
}

export function peerInstalled(peersDir: string): boolean {
  return (
    existsSync(join(peersDir, 'node_modules', '.bin', 'hive-gateway')) &&
    existsSync(join(peersDir, 'node_modules', '.bin', 'mesh-compose'))
  );
}

export async function startPeer(
  peersDir: string,
  apiUrl: string,
  port: number,
): Promise<RunningPeer> {
  const bin = (name: string) => join(peersDir, 'node_modules', '.bin', name);
  execFileSync(process.execPath, [bin('mesh-compose'), '-o', 'supergraph.graphql'], {
    cwd: peersDir,
    env: { ...process.env, CL_API_URL: apiUrl },
    stdio: 'ignore',
  });
  const child = spawn(
    process.execPath,
    [
      bin('hive-gateway'),
      'supergraph',
      'supergraph.graphql',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
    ],
    {
      cwd: peersDir,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null || attempt > 600) {
      throw new Error(`the peer did not start (exit code ${child.exitCode})`);
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid as number;
  return {
    url,
    child,
    cpuMs() {
      // /proc/<pid>/stat fields 14 and 15: utime, stime in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    rssMb() {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : 0;
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
