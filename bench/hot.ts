/**
 * `node --cpu-prof --import tsx bench/hot.ts [operation] [count]`: one bare gateway in process
 * (no logger, metrics or tracing) over the fixed-bytes CustomersPage upstream, running one
 * operation many times, for a CPU profile of the execution path alone.
 */
import { createUpstream } from '../src/upstream/client.ts';
import { createGateway } from '../src/yoga.ts';
import { benchAuth } from './bench-auth.ts';
import { capturePage, servePage } from './page.ts';
import { SCENARIOS } from './scenarios.ts';

const operation = process.argv[2] ?? 'CustomersPage';
const count = Number(process.argv[3] ?? 3000);
const { bytes } = await capturePage();
const server = await servePage(bytes);
const bench = await benchAuth();
const upstream = createUpstream({
  baseUrl: server.base,
  authUrl: `${server.base}/oauth/token`,
  timeoutMs: 10_000,
  deadlineMs: 25_000,
  retryLimit: 2,
  maxRetryAfterMs: 10_000,
});
const gateway = createGateway({ auth: bench.auth, upstream });
const page = SCENARIOS.find((s) => s.name === 'CustomersPage')!;
const body =
  operation === '__typename'
    ? JSON.stringify({ query: '{ __typename }' })
    : JSON.stringify({ query: page.query, variables: { first: 25 } });
const run = async () => {
  const response = await gateway.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bench.authorization },
    body,
  });
  const text = await response.text();
  if (!text.startsWith('{"data"') || text.includes('"errors"')) {
    throw new Error(text.slice(0, 300));
  }
};
for (let index = 0; index < 200; index += 1) {
  await run();
}
const before = process.cpuUsage();
for (let index = 0; index < count; index += 1) {
  await run();
}
const used = process.cpuUsage(before);
process.stdout.write(
  `${operation}: ${((used.user + used.system) / 1000 / count).toFixed(3)} ms CPU/op\n`,
);
upstream.close();
server.close();
process.exit(0);
