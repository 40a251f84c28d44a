/** The fleet's processes for tests (see `src/fleet/processes.ts`). */
export * from '../../src/fleet/processes.ts';
