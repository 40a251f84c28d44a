/**
 * `npm run bench:subscriptions`: the gateway (its own process, deployed mode, over an in-process
 * emulator) with N concurrent GraphQL-over-SSE subscribers of `customerEvents`, each selecting
 * fields of the customer that the webhook body holds (0 upstream requests per event). For each N
 * in `--steps` (default 50,100,200,400, then 200 twice more to see whether memory grows), a burst of `--events` (default 100) signed webhooks is
 * POSTed to /webhooks/commercelayer as fast as they are answered; every subscriber counts what it
 * receives (loss = expected - received) and the delivery latency (webhook POST start → event
 * parsed by the subscriber). Reports p50/p99 per step, the first step where it degrades (any loss,
 * or p50 or p99 over 4x the first step's), and the gateway's RSS before, with subscribers, and after
 * they leave (after a GC pause of a few seconds). Writes bench/results/subscriptions.{json,md}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createEmulator } from '../src/emulator/app.ts';
import { signBody } from '../src/live/signature.ts';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '50,100,200,400,200,200' },
    events: { type: 'string', default: '100' },
  },
});
const steps = values.steps.split(',').map(Number);
const eventCount = Number(values.events);
const SECRET = 'bench-secret';

const emulator = await createEmulator({ port: 0, customers: 5, rateLimit: false });
const metricsPort = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
  });
});
const child: ChildProcess = spawn(
  process.execPath,
  ['--expose-gc', '--import', 'tsx', '--import', './bench/gc-on-signal.ts', 'src/server.ts'],
  {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: '0',
      CL_BASE_URL: emulator.apiUrl,
      CL_AUTH_URL: emulator.authUrl,
      CL_JWKS_URL: emulator.jwksUrl,
      CL_ORGANIZATION: emulator.organization.slug,
      CL_CLIENT_ID: emulator.credentials.integration.clientId,
      CL_CLIENT_SECRET: emulator.credentials.integration.clientSecret,
      CL_WEBHOOK_SECRETS: SECRET,
      METRICS_PORT: String(metricsPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
// The gateway never outlives the bench, even when the bench fails.
process.once('exit', () => child.kill('SIGKILL'));
let output = '';
const url = await new Promise<string>((resolve, reject) => {
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    const match = /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output);
    if (match?.[1]) {
      resolve(match[1]);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
});

/** V8 heap in use (MB) after a full GC (bench/gc-on-signal.ts), from the gateway's metrics. */
async function heapMb(): Promise<number> {
  child.kill('SIGUSR2');
  await sleep(1_000);
  const text = await (
    await fetch(`http://127.0.0.1:${metricsPort}/metrics`).catch((error: unknown) => {
      process.stderr.write(output);
      throw error;
    })
  ).text();
  return Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? 0) / 1_048_576;
}

async function rssMb(): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const tokenAnswer = (await (
  await fetch(emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: emulator.credentials.integration.clientId,
      client_secret: emulator.credentials.integration.clientSecret,
    }),
  })
).json()) as { access_token: string };
const QUERY =
  'subscription { customerEvents(where: { topics: [UPDATE] }) { topic customer { id email reference } } }';

interface Subscriber {
  received: number;
  latencies: number[];
  abort: AbortController;
  done: Promise<void>;
}

const sentAt = new Map<string, number>();

async function openSubscriber(): Promise<Subscriber> {
  const abort = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${tokenAnswer.access_token}`,
    },
    body: JSON.stringify({ query: QUERY }),
    signal: abort.signal,
  });
  const subscriber: Subscriber = { received: 0, latencies: [], abort, done: Promise.resolve() };
  subscriber.done = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (block.startsWith('event: next') && data) {
            const reference = (
              JSON.parse(data) as {
                data?: { customerEvents?: { customer?: { reference?: string } } };
              }
            ).data?.customerEvents?.customer?.reference;
            const start = reference ? sentAt.get(reference) : undefined;
            subscriber.received += 1;
            if (start !== undefined) {
              subscriber.latencies.push(performance.now() - start);
            }
          }
          boundary = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // closed by the bench
    }
  })();
  return subscriber;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number);

const customerId = 'BenchCustomr';
const rows: {
  subscribers: number;
  expected: number;
  received: number;
  p50: number;
  p99: number;
  burstMs: number;
  rssAfterMb: number;
  heapAfterMb: number;
}[] = [];
const heapBefore = await heapMb();
const rssBefore = await rssMb();
let rssPeak = rssBefore;
let run = 0;
for (const count of steps) {
  run += 1;
  const subscribers = await Promise.all(Array.from({ length: count }, () => openSubscriber()));
  await sleep(500);
  const burstStart = performance.now();
  for (let index = 0; index < eventCount; index += 1) {
    const reference = `r${run}-${index}`;
    const body = JSON.stringify({
      data: {
        id: customerId,
        type: 'customers',
        attributes: { email: 'bench@mail.test', reference, status: 'prospect' },
        relationships: {},
      },
    });
    sentAt.set(reference, performance.now());
    const answer = await fetch(`${url}/webhooks/commercelayer`, {
      method: 'POST',
      headers: {
        'x-commercelayer-topic': 'customers.update',
        'x-commercelayer-signature': signBody(body, SECRET),
      },
      body,
    });
    if (answer.status !== 204) {
      throw new Error(`webhook answered ${answer.status}`);
    }
  }
  const burstMs = performance.now() - burstStart;
  const expected = count * eventCount;
  const deadline = Date.now() + 30_000;
  while (subscribers.reduce((sum, s) => sum + s.received, 0) < expected && Date.now() < deadline) {
    await sleep(50);
  }
  rssPeak = Math.max(rssPeak, await rssMb());
  for (const subscriber of subscribers) {
    subscriber.abort.abort();
  }
  await Promise.all(subscribers.map((s) => s.done));
  await sleep(2_000);
  const latencies = subscribers.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const received = subscribers.reduce((sum, s) => sum + s.received, 0);
  rows.push({
    subscribers: count,
    expected,
    received,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    burstMs,
    rssAfterMb: await rssMb(),
    heapAfterMb: await heapMb(),
  });
  process.stdout.write(
    `${count} subscribers: ${received}/${expected} events, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms\n`,
  );
}
await sleep(5_000);
const heapAfter = await heapMb();
const rssAfter = await rssMb();

const first = rows[0];
const degraded = rows.find(
  (row) =>
    row.received < row.expected ||
    (first !== undefined && (row.p50 > 4 * first.p50 || row.p99 > 4 * first.p99)),
);
const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, loadavg: loadavg() },
  eventsPerBurst: eventCount,
  steps: rows,
  degradesAt: degraded?.subscribers ?? null,
  rssMb: { before: rssBefore, peak: rssPeak, afterSubscribersLeft: rssAfter },
  heapAfterGcMb: { before: heapBefore, afterSubscribersLeft: heapAfter },
};
const md = [
  '# Subscriptions benchmark',
  '',
  `${result.date}; ${result.machine.cpus} cores, load ${result.machine.loadavg.map((l) => l.toFixed(1)).join(' ')}. One gateway process; a burst of ${eventCount} signed webhooks per step; subscribers select \`customer { id email reference }\` (from the webhook body, 0 upstream requests).`,
  '',
  '| subscribers | events received / expected | latency p50 (ms) | p99 (ms) | burst POSTed in (ms) | RSS / heap after GC, after they left (MB) |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.subscribers} | ${row.received} / ${row.expected} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.burstMs.toFixed(0)} | ${row.rssAfterMb.toFixed(0)} / ${row.heapAfterMb.toFixed(0)} |`,
  ),
  '',
  `Degrades (loss, or p50 or p99 over 4x the first step's): ${degraded ? `at ${degraded.subscribers} subscribers` : 'not within these steps'}.`,
  '',
  `Gateway RSS: ${rssBefore.toFixed(0)} MB before, ${rssPeak.toFixed(0)} MB peak, ${rssAfter.toFixed(0)} MB after every subscriber left. Heap after GC: ${heapBefore.toFixed(0)} MB before, ${heapAfter.toFixed(0)} MB after.`,
  '',
].join('\n');
await writeFile('bench/results/subscriptions.json', `${JSON.stringify(result, null, 2)}\n`);
await writeFile('bench/results/subscriptions.md', md);
process.stdout.write(md);
child.kill('SIGTERM');
await emulator.close();
