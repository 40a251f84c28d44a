/**
 * Preloaded (`node --import`) into the gateway process the benchmarks start (`dist/server.js`, as
 * deployed): answers `stats`, `resetPeak`, `gc` and `modules` over the IPC channel, so CPU time,
 * RSS and what was loaded are read from the gateway's own process, profiles it on request
 * (`profileStart`/`profileStop`), and stops the server when the bench goes away.
 *
 * Plain JavaScript on purpose: a TypeScript preload would need a loader (tsx, esbuild) in the very
 * process whose memory and modules are measured. Speaks the protocol of `ipc.ts`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

// ES modules the process resolves, reported by a resolve hook (it runs on the loader thread).
// Only when asked (BENCH_LIST_MODULES=1): the hook's thread is a second V8 isolate, about 20 MB
// of RSS that is the bench's, not the gateway's, so processes whose memory is measured go without.
const esmLoaded = new Set();
if (process.env.BENCH_LIST_MODULES === '1') {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url) => esmLoaded.add(url));
  port1.unref();
  register(
    `data:text/javascript,${encodeURIComponent(`
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`)}`,
    { data: { port: port2 }, transferList: [port2] },
  );
}
const require = createRequire(import.meta.url);

let peakRss = process.memoryUsage.rss();
const timer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
timer.unref();

function stats() {
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  return { cpu: process.cpuUsage(), rss: memory.rss, peakRss, heapUsed: memory.heapUsed };
}

// The CPU profiler, started after warm-up and stopped after the measured runs (`--profile`), so
// start-up and warm-up stay out of the profile.
let session;

async function handle(type, payload) {
  switch (type) {
    case 'profileStart':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 1000 });
      await session.post('Profiler.start');
      return true;
    case 'profileStop': {
      if (!session) {
        return false;
      }
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(payload, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
      return true;
    }
    case 'stats':
      return stats();
    case 'resetPeak':
      peakRss = process.memoryUsage.rss();
      return stats();
    case 'gc':
      globalThis.gc?.();
      return stats();
    case 'modules':
      // CommonJS files (require cache, also those imported from ES modules) and ES modules.
      return [...new Set([...Object.keys(require.cache), ...esmLoaded])];
    default:
      throw new Error(`unknown request ${type}`);
  }
}

process.on('message', async (message) => {
  if (typeof message !== 'object' || message === null || !('id' in message)) {
    return;
  }
  try {
    process.send?.({ id: message.id, result: await handle(message.type, message.payload) });
  } catch (error) {
    process.send?.({ id: message.id, error: String(error) });
  }
});

// The server's own SIGTERM handler closes it and exits (which also writes a --cpu-prof profile).
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
