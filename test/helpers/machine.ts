import { existsSync } from 'node:fs';

/**
 * Whether the machine has these executables (Debian's redis-server, haproxy, …). Missing ones skip
 * the suite locally with a warning saying what to install; in CI (`CI` set) they fail it, since
 * `.ci/run` installs them and a skip there would hide a broken setup.
 */
export function machineHas(paths: readonly string[]): boolean {
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length === 0) {
    return true;
  }
  if (process.env.CI) {
    throw new Error(`${missing.join(', ')} missing: install redis-server and haproxy`);
  }
  console.warn(`skipped: ${missing.join(', ')} missing (apt-get install -y redis-server haproxy)`);
  return false;
}
