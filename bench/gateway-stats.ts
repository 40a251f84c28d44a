/**
 * Preloaded (`node --import`) into the gateway process the benchmarks start (`src/server.ts`, as
 * deployed): answers `stats`, `resetPeak` and `gc` over the IPC channel, so CPU time and RSS are
 * read from the gateway's own process, profiles it on request (`profileStart`/`profileStop`), and
 * stops the server when the bench goes away.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createStatsSampler, serve } from './ipc.ts';

const sampler = createStatsSampler();
// The CPU profiler, started after warm-up and stopped after the measured runs (`--profile`), so
// start-up and warm-up stay out of the profile.
let session: Session | undefined;

serve(async (type, payload) => {
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
      writeFileSync(payload as string, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
      return true;
    }
    case 'stats':
      return sampler.stats();
    case 'resetPeak':
      sampler.resetPeak();
      return sampler.stats();
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      return sampler.stats();
    default:
      throw new Error(`unknown request ${type}`);
  }
});

// The server's own SIGTERM handler closes it and exits (which also writes a --cpu-prof profile).
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
