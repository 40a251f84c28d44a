/** Quotes an SQLite identifier (table or column name). */
export function quote(identifier) {
    return `"${identifier.replaceAll('"', '""')}"`;
}
//# sourceMappingURL=sql.js.map