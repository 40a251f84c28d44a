import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
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
