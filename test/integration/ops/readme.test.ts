import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator/app.ts';
import { schema } from '../../../src/schema/index.ts';
import { EXAMPLE_QUERY } from '../../../src/yoga.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const examples = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('README', () => {
  it('has example operations, each valid against the schema', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const example of examples) {
      expect(validate(schema, parse(example)).map((error) => error.message)).toEqual([]);
    }
  });

  it("shows GraphiQL's example query", () => {
    const squash = (text: string) => text.replace(/^\s*#.*$/gm, '').replace(/\s+/g, '');
    expect(examples.map(squash)).toContain(squash(EXAMPLE_QUERY));
  });

  it('links the emulator README', () => {
    expect(README).toContain('(src/emulator/README.md)');
  });
});

describe('README: the official SDK snippet', () => {
  it('runs against the emulator as written, with only the origin replaced', async () => {
    const snippet = [...README.matchAll(/```ts\n([\s\S]*?)```/g)]
      .map((match) => match[1] ?? '')
      .find((code) => code.includes('@commercelayer/sdk/bundle'));
    expect(snippet).toBeDefined();
    const emulator = await createEmulator({ port: 0, customers: 7, rateLimit: false });
    // Inside the repository, so that `@commercelayer/sdk` resolves from its node_modules.
    const dir = fileURLToPath(new URL('../../../node_modules/.cache/readme-sdk/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `snippet-${process.pid}.mts`);
    try {
      expect(snippet).toContain("'http://127.0.0.1:4001'");
      writeFileSync(file, snippet!.replace("'http://127.0.0.1:4001'", `'${emulator.url}'`));
      const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
      const child = spawn(tsx, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code, output).toBe(0);
      expect(output).toMatch(/^7 \[/);
      expect(output.match(/@/g)).toHaveLength(3);
      expect(emulator.requestLog.count({ pathPrefix: '/api/customers' })).toBe(1);
    } finally {
      rmSync(file, { force: true });
      await emulator.close();
    }
  }, 60_000);
});

describe('documentation is self-contained', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const skip = new Set(['node_modules', '.git', 'test-results', '__generated__']);
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      if (skip.has(name)) {
        return [];
      }
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  }

  it('no doc or source file points outside the repository (../shared, /work, CONTRACT.md)', () => {
    const offenders = files(root)
      .filter((path) => /\.(md|ts|json|graphql)$/.test(path))
      .filter(
        (path) => relative(root, path) !== join('test', 'integration', 'ops', 'readme.test.ts'),
      )
      .filter((path) => /\.\.\/shared|\/work\/|CONTRACT\.md/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });
});
