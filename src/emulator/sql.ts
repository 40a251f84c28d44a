/** A SQL condition with its positional parameters. An empty `sql` means "no condition". */
export interface Where {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Quotes an SQLite identifier (table or column name). */
export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
