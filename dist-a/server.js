/**
 * The gateway's entry point: `npm start` (through tsx) and `node dist/server.js` (deployed).
 *
 * It only keeps the heap small while the gateway loads (`startup-memory.ts`: evaluated first),
 * then loads the gateway itself (`serve.ts`). The import is dynamic on purpose: a static one
 * would be loaded and compiled before this module runs, which is the allocation burst being
 * tamed.
 */
import "./startup-memory.js";
await import("./serve.js");
//# sourceMappingURL=server.js.map