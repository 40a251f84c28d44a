/**
 * `npm run build [-- --out-dir=DIR]`: compiles `src/` to JavaScript (`dist/` by default) with
 * `tsconfig.build.json` and copies the emulator's data file beside its code. What a deployment
 * runs is `node dist/server.js`: no TypeScript loader, and the emulator is imported only when no
 * `CL_BASE_URL` is set (embedded mode), so a deployed gateway never loads it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = resolve(root, values['out-dir'] ?? 'dist');

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(root, 'tsconfig.build.json'),
    '--outDir',
    outDir,
  ],
  { stdio: 'inherit' },
);
cpSync(join(root, 'src', 'emulator', 'data'), join(outDir, 'emulator', 'data'), {
  recursive: true,
});
process.stdout.write(`Built ${outDir} (run: node ${join(outDir, 'server.js')})\n`);
