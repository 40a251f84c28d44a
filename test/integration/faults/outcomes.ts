import type { GraphQLFormattedError } from 'graphql';

/** Every `extensions.code` the gateway may answer with (src/schema/errors.ts), and no other. */
export const KNOWN_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'LOCKED',
  'CONFLICT',
]);

/** The `extensions.code` of each error of a response (`(none)` for an error without one). */
export function codesOf(result: { readonly errors?: readonly GraphQLFormattedError[] }): string[] {
  return (result.errors ?? []).map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : '(none)';
  });
}

/**
 * Counts the cases a suite tried and how each ended, and prints them once at the end, so the
 * report can quote how many faults were injected and what the client saw.
 */
export class Outcomes {
  readonly #counts = new Map<string, Map<string, number>>();

  constructor(readonly title: string) {}

  /** Records one case: `scenario` is what was tried, `outcome` what the client saw. */
  record(scenario: string, outcome: string): void {
    const row = this.#counts.get(scenario) ?? new Map<string, number>();
    row.set(outcome, (row.get(outcome) ?? 0) + 1);
    this.#counts.set(scenario, row);
  }

  /** Records a GraphQL response: `data` when it has no errors, else its sorted distinct codes. */
  recordResult(
    scenario: string,
    result: { readonly errors?: readonly GraphQLFormattedError[] },
  ): void {
    const codes = [...new Set(codesOf(result))].sort();
    this.record(scenario, codes.length === 0 ? 'data' : codes.join('+'));
  }

  get total(): number {
    let total = 0;
    for (const row of this.#counts.values()) {
      for (const count of row.values()) {
        total += count;
      }
    }
    return total;
  }

  print(): void {
    const lines = [...this.#counts].map(
      ([scenario, row]) =>
        `  ${scenario}: ${[...row].map(([outcome, count]) => `${outcome} ×${count}`).join(', ')}`,
    );
    console.info(`[${this.title}] ${this.total} cases\n${lines.join('\n')}`);
  }
}
