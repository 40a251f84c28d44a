/**
 * Keeps the gateway's memory in proportion to what it holds.
 *
 * - **While it starts.** Loading the schema, yoga and their dependencies allocates many
 *   short-lived objects in a few hundred milliseconds. V8 answers such a burst by doubling its
 *   young generation up to its maximum (two 16 MiB semi-spaces on 64-bit) and keeps those pages
 *   while the process is idle: a gateway that had served nothing sat at 135 MB RSS. So the young
 *   generation's growth factor is 1 (no growth) until the server listens, then V8's default (2)
 *   again: under load it grows as usual, which keeps scavenges rare. Started this way the
 *   deployed gateway sits at about 105 MB.
 * - **Under load.** After each full collection V8 lets the old generation grow to a multiple of
 *   what survived, and for a heap this small it picks up to 4×: 100 connections held RSS at
 *   about 265 MB for 65 MB of live objects. Once listening the factor is 2.5
 *   (`heap-growing-percent` 150): the same soak stays near 208 MB and flat. Measured in the same
 *   run at 10 connections, its CPU per operation was within noise of V8's choice (3.23 against
 *   3.30 ms); a factor of 2 held 190 MB but cost about 10 % more CPU, so 2.5 it is.
 *
 * Both flags are read by V8 each time it resizes the heap, so setting them at run time takes
 * effect; an engine without them ignores them. A flag given on the command line or in
 * `NODE_OPTIONS` (`node --heap-growing-percent=0 dist/server.js` restores V8's own choice) is
 * left alone.
 *
 * Imported first by `server.ts`, which loads everything else afterwards.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default growth factor of the young generation. */
const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;
/** The old generation may grow to 2.5 times what survived the last full collection. */
const HEAP_GROWING_PERCENT = 150;

const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
const ownSemiSpace = !/--(semi-space-growth-factor|max-semi-space-size|semi_space)/.test(given);
const ownHeapGrowth = !/--heap[-_]growing[-_]percent/.test(given);

if (ownSemiSpace) {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** Called once the server listens. */
export function startupDone(): void {
  if (ownSemiSpace) {
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`);
  }
  if (ownHeapGrowth) {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  }
}
