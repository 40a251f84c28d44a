/**
 * Characters no input of this API may hold: NUL and the other C0 controls except tab, line feed
 * and carriage return, DEL, the C1 controls, and the bidirectional embeddings, overrides and
 * isolates that make text display differently from what it is ("Trojan Source", CVE-2021-42574).
 * Emails, tag names and metadata keys refuse whitespace controls too (their own validators).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Whether `text` holds a character {@link FORBIDDEN} in any input, or any control character. */
export function hasUnsafeCharacters(text, options = {}) {
    return FORBIDDEN.test(text) || (options.whitespace === true && /[\t\n\r\u2028\u2029]/.test(text));
}
//# sourceMappingURL=unsafe-text.js.map