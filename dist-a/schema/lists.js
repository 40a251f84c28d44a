import { connectionFromPages, fingerprintOf } from "./connection.js";
import { emptyPlan, planField, toQueryParams } from "./planning/plan.js";
function flip(sort) {
    return sort.map((key) => (key.startsWith('-') ? key.slice(1) : `-${key}`));
}
/** A paged, planned upstream list as a connection. Shared by every root list. */
export function listConnection(ctx, info, type, args, filter, sort) {
    const plan = ctx.loader.planning ? toQueryParams(planField(info) ?? emptyPlan(type)) : {};
    const fingerprint = fingerprintOf({ type, filter, sort });
    return connectionFromPages(args, fingerprint, (page, reversed) => ctx.loader.list(type, { ...plan, filter, sort: reversed ? flip(sort) : sort, page }));
}
//# sourceMappingURL=lists.js.map