import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql realm for Pothos, yoga and the federation libraries.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
    dedupe: ['graphql'],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
