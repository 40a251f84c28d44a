/**
 * Customer look-ups the schema layer batches through. Wire vocabulary: `customers`, snake_case.
 */
import { MAX_PAGE_SIZE } from "../query.js";
/**
 * Loads customers by id for a batch loader. Duplicate ids are asked once; ids are sent in chunks
 * of {@link MAX_PAGE_SIZE} with `filter[q][id_in]` and `page[size]` = the chunk length, the chunks
 * in parallel.
 *
 * Cost: ceil(unique ids / 25) requests (0 for no ids). `query.filter` and `query.page` are
 * overridden; `include`, `fields` (keep `id`-bearing resources: every resource has one) and `sort`
 * pass through.
 *
 * @returns one entry per input id, in input order: the customer, or null when the upstream did not
 *   return it (absent, or not visible to this token).
 * @throws UpstreamError when any chunk fails (the whole batch fails; a dataloader batch function
 *   that wants per-key errors should map this to an Error per key).
 */
export async function listCustomersByIds(session, ids, query = {}) {
    const unique = [...new Set(ids)];
    const chunks = [];
    for (let start = 0; start < unique.length; start += MAX_PAGE_SIZE) {
        chunks.push(unique.slice(start, start + MAX_PAGE_SIZE));
    }
    const pages = await Promise.all(chunks.map((chunk) => session.list('customers', {
        ...query,
        filter: { id_in: chunk },
        page: { number: 1, size: chunk.length },
    })));
    const byId = new Map();
    for (const page of pages) {
        for (const resource of page.data) {
            byId.set(resource.id, resource);
        }
    }
    return ids.map((id) => byId.get(id) ?? null);
}
/**
 * Finds the customer with exactly this email (`filter[q][email_eq]`, `page[size]=1`).
 * Cost: 1 request. `query.filter` and `query.page` are overridden.
 * @returns the customer, or null when none matches (or it is not visible to this token).
 * @throws UpstreamError when the request fails.
 */
export async function getCustomerByEmail(session, email, query = {}) {
    const page = await session.list('customers', {
        ...query,
        filter: { email_eq: email },
        page: { number: 1, size: 1 },
    });
    return page.data[0] ?? null;
}
//# sourceMappingURL=customers.js.map