/**
 * The floor beside the gateway: the least a Node.js gateway over got can cost for a scenario on
 * this machine, measured in the same run as the gateway.
 *
 * A bare `node:http` server that, for each request, reads and parses its JSON body, sends the
 * scenario's planned upstream request(s) one after the other through a bare got instance (the
 * same keep-alive agent settings as the gateway's, no retries, buffer body), parses each answer
 * with `JSON.parse`, and answers the gateway's own answer bytes for the scenario. No GraphQL, no
 * token check, no log, no metrics: what is left is Node's HTTP server and client, got,
 * `JSON.parse` and the kernel. Whatever the gateway costs over this is the price of GraphQL and
 * of what the gateway does for its callers.
 *
 * IPC: `configure` sets the scenario (`FloorScenario`), `stats` answers CPU time and memory.
 */
import { createServer, Agent as HttpAgent } from 'node:http';
import type { AddressInfo } from 'node:net';
import got from 'got';
import { createStatsSampler, serve } from './ipc.ts';

/** What the floor sends upstream and answers, per scenario. */
export interface FloorScenario {
  readonly upstreamUrl: string;
  readonly requests: readonly {
    readonly method: string;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
  }[];
  /** The gateway's answer to the same operation, answered byte for byte. */
  readonly answer: string;
}

const client = got.extend({
  agent: { http: new HttpAgent({ keepAlive: true, timeout: 4_000 }) },
  retry: { limit: 0 },
  responseType: 'buffer',
  throwHttpErrors: true,
});

let scenario: FloorScenario | undefined;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      if (scenario === undefined) {
        throw new Error('not configured');
      }
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const upstream of scenario.requests) {
        const { body } = await client(`${scenario.upstreamUrl}${upstream.path}`, {
          method: upstream.method as 'GET',
          headers: upstream.headers,
          ...(upstream.body === undefined ? {} : { body: upstream.body }),
        });
        JSON.parse((body as unknown as Buffer).toString('utf8'));
      }
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(scenario.answer);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    }
  });
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));

const sampler = createStatsSampler();
serve({
  configure: (payload) => {
    scenario = payload as FloorScenario;
    return true;
  },
  stats: () => sampler.stats(),
});

process.send?.({
  type: 'ready',
  url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
});
process.once('disconnect', () => {
  server.close();
  process.exit(0);
});
