/**
 * Keeps start-up from sizing the heap for load it has not seen.
 *
 * Loading the schema, yoga and their dependencies allocates a lot of short-lived objects in a few
 * hundred milliseconds. V8 answers such a burst by doubling its young generation up to its
 * maximum (two 16 MiB semi-spaces on 64-bit), and never gives the pages back while the process is
 * idle: a gateway that had served nothing sat at 135 MB RSS, about 25 MB of it that young
 * generation.
 *
 * So the growth factor is 1 (no growth) while the process starts, and V8's default (2) again once
 * it listens: under real load the young generation grows as usual, which is what keeps
 * scavenges rare. `--semi-space-growth-factor` is read by V8 each time it grows the new space,
 * so changing it at run time takes effect; an engine without the flag ignores it.
 *
 * Imported first by `server.ts`: ES modules run in import order, so this runs before the
 * heavy modules are evaluated.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default growth factor of the young generation. */
const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

setFlagsFromString('--semi-space-growth-factor=1');

/** Called once the server listens: the young generation may grow with load again. */
export function startupDone(): void {
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`);
}
