/**
 * Customer events: what the webhook receiver publishes and the subscription fields consume.
 * Imports neither graphql nor got: the receiver (a plugin), the schema and the fan-out share it.
 *
 * Delivery guarantees (see README "Live updates"):
 * - at most once per subscriber: an event is published once per replica set (deduplicated) and
 *   pushed to the subscribers connected at that moment; nothing is stored or replayed;
 * - order per customer: the order the webhooks reached the gateway. Commerce Layer promises no
 *   order, and a retried delivery arrives after later ones; compare `updatedAt` when it matters;
 * - a reconnecting client misses what was published while it was away: re-read the customer
 *   (`customer(id:)`) after (re)subscribing.
 */
/** The customer topics the gateway receives and registers (docs.commercelayer.io/core/real-time-webhooks). */
export const CUSTOMER_TOPICS = [
    'customers.create',
    'customers.update',
    'customers.destroy',
    'customers.tagged',
    'customers.anonymization_requested',
    'customers.anonymization_completed',
];
/** Every change of a customer record is exactly one of these (tagged/anonymization add to them). */
export const CHANGE_TOPICS = new Set([
    'customers.create',
    'customers.update',
    'customers.destroy',
]);
export function isCustomerTopic(topic) {
    return CUSTOMER_TOPICS.includes(topic);
}
/** The pub/sub channels: one per customer, one for every customer event. */
export const ALL_CHANNEL = 'customers';
export function customerChannel(id) {
    return `customer:${id}`;
}
/**
 * The events of `source` that pass `keep`. Not an async generator on purpose: a generator
 * suspended on `source.next()` cannot be returned until an event arrives, so a client that
 * leaves would keep its listener (and memory) until its channel's next event. Here `return()`
 * ends the source at once, and its pending `next()` resolves done.
 */
export function filterEvents(source, keep, onEnd = () => { }) {
    let ended = false;
    const end = () => {
        if (!ended) {
            ended = true;
            onEnd();
        }
    };
    const iterator = {
        async next() {
            for (;;) {
                const result = await source.next();
                if (result.done) {
                    end();
                    return result;
                }
                if (keep(result.value)) {
                    return result;
                }
            }
        },
        async return() {
            end();
            await source.return?.();
            return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
            return iterator;
        },
    };
    return iterator;
}
//# sourceMappingURL=events.js.map