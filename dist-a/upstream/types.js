/**
 * The upstream layer's vocabulary, shared by its modules and by the schema layer that calls it.
 * Wire names stay as Commerce Layer spells them (snake_case attributes, plural JSON:API types).
 */
export {};
//# sourceMappingURL=types.js.map