/**
 * The emulator in its own process for the benchmarks (rate limits off), so its CPU time is not
 * counted as the gateway's. Answers `lastSeq`, `requests` (the request log since a sequence
 * number) and `stats` over IPC.
 */
import { createEmulator } from '../src/emulator/app.ts';
import { createStatsSampler, serve } from './ipc.ts';

const emulator = await createEmulator({
  port: 0,
  customers: Number(process.env.BENCH_CUSTOMERS ?? 200),
  rateLimit: false,
  requestLogCapacity: 1_000,
});
const sampler = createStatsSampler();

serve({
  lastSeq: () => emulator.requestLog.lastSeq,
  requests: (since) =>
    emulator.requestLog
      .entries({ since: since as number, pathPrefix: '/api/' })
      .map(({ method, path, query, status }) => ({ method, path, query, status })),
  stats: () => sampler.stats(),
});

process.send?.({
  type: 'ready',
  url: emulator.url,
  apiUrl: emulator.apiUrl,
  authUrl: emulator.authUrl,
  integration: emulator.credentials.integration,
});

process.once('disconnect', () => {
  void emulator.close().then(() => process.exit(0));
});
