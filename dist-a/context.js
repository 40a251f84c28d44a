import { callerOfRequest } from "./plugins/use-auth.js";
import { ResourceLoader } from "./schema/loading/resource-loader.js";
export function createContext(initial, options) {
    const caller = initial.caller ?? callerOfRequest(initial.request);
    // A verified caller's own token is forwarded; the gateway's credential only when it was lent.
    const session = options.upstream.session(caller === undefined || caller.gatewayCredential ? undefined : `Bearer ${caller.token}`);
    return {
        upstream: session,
        loader: new ResourceLoader(session, options.planning),
        caller,
        ...(options.events ? { events: options.events } : {}),
        ...(options.locks ? { locks: options.locks } : {}),
    };
}
//# sourceMappingURL=context.js.map