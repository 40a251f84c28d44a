/**
 * Preloaded (`node --import`) into the gateway process the benchmarks start (`src/server.ts`, as
 * deployed): answers `stats`, `resetPeak` and `gc` over the IPC channel, so CPU time and RSS are
 * read from the gateway's own process, and stops the server when the bench goes away.
 */
import { createStatsSampler, serve } from './ipc.ts';

const sampler = createStatsSampler();

serve((type) => {
  switch (type) {
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
