import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { printSubgraphSchema } from '@apollo/subgraph';
import { schema } from './schema/index.ts';

/**
 * Prints the subgraph SDL (what `_service { sdl }` serves: `@link`, `@key`, `@shareable` kept) to
 * `schema/schema.graphql`; with `--check`, fails when it differs.
 */
const SCHEMA_FILE = new URL('../schema/schema.graphql', import.meta.url);

export function printedSchema(): string {
  return `${printSubgraphSchema(schema)}\n`;
}

const { values } = parseArgs({ options: { check: { type: 'boolean' } } });
const printed = printedSchema();
if (values.check) {
  const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  if (committed !== printed) {
    process.stderr.write(
      'schema/schema.graphql differs from the schema in src/. Run `npm run schema:print` and commit the result.\n',
    );
    process.exit(1);
  }
  process.stdout.write('schema/schema.graphql is up to date.\n');
} else {
  await writeFile(SCHEMA_FILE, printed);
  process.stdout.write('Wrote schema/schema.graphql\n');
}
