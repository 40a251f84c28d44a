/**
 * Bench-only preload (`node --expose-gc --import ./bench/gc-on-signal.ts`): a full garbage
 * collection on SIGUSR2, so the subscriptions bench can read the gateway's heap after GC rather
 * than whatever V8 has not collected yet. Never loaded by the gateway itself.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) {
  process.on('SIGUSR2', () => collect());
}
