/**
 * Fan-out of customer events to subscribers: yoga's `createPubSub` over an in-process event
 * target, or over Redis pub/sub with `@graphql-yoga/redis-event-target` so that a webhook received
 * by one replica reaches the subscribers of every replica (each replica publishes what it
 * received, each replica's subscription to a channel hears every publisher).
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { ALL_CHANNEL, customerChannel, } from "./events.js";
function busOver(pubsub, close) {
    const bus = {
        publish(event) {
            pubsub.publish(customerChannel(event.customerId), event);
            pubsub.publish(ALL_CHANNEL, event);
        },
        subscribe(customerId) {
            const iterable = pubsub.subscribe(customerId === undefined ? ALL_CHANNEL : customerChannel(customerId));
            return eager(iterable[Symbol.asyncIterator]());
        },
        close,
    };
    return bus;
}
/**
 * Starts listening now rather than at the first `next()` (yoga's pub/sub is lazy): an event
 * published between subscribe time and the first read of the stream is kept, not lost.
 */
function eager(iterator) {
    let first = iterator.next();
    const wrapped = {
        next() {
            const pending = first;
            first = undefined;
            return pending ?? iterator.next();
        },
        return(value) {
            first = undefined;
            return iterator.return
                ? iterator.return(value)
                : Promise.resolve({ done: true, value: undefined });
        },
        [Symbol.asyncIterator]() {
            return wrapped;
        },
    };
    return wrapped;
}
/** In process: subscribers of this replica hear webhooks received by this replica. */
export function createMemoryBus() {
    return busOver(createPubSub(), async () => { });
}
/**
 * The event target fires PUBLISH/SUBSCRIBE/UNSUBSCRIBE without awaiting them: while Redis is
 * unreachable their promises would reject unhandled (and end the process). Here they report to
 * `onError` instead.
 */
function reporting(client, onError) {
    client.on('error', onError);
    return new Proxy(client, {
        get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (property === 'publish' || property === 'subscribe' || property === 'unsubscribe') {
                return (...args) => {
                    const result = value.apply(target, args);
                    result.catch(onError);
                    return result;
                };
            }
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}
/**
 * Across replicas: two Redis connections (a subscribed connection cannot publish). A subscriber
 * of a replica that loses its Redis connection misses what is published until it reconnects
 * (ioredis re-subscribes by itself).
 */
export function createRedisBus(options) {
    const onError = options.onError ?? (() => { });
    const publishClient = new Redis(options.url);
    const subscribeClient = new Redis(options.url);
    const eventTarget = createRedisEventTarget({
        publishClient: reporting(publishClient, onError),
        subscribeClient: reporting(subscribeClient, onError),
    });
    const pubsub = createPubSub({ eventTarget });
    const prefixed = (channel) => `${options.prefix}${channel}`;
    const bus = {
        publish(event) {
            pubsub.publish(prefixed(customerChannel(event.customerId)), event);
            pubsub.publish(prefixed(ALL_CHANNEL), event);
        },
        subscribe(customerId) {
            const iterable = pubsub.subscribe(prefixed(customerId === undefined ? ALL_CHANNEL : customerChannel(customerId)));
            return eager(iterable[Symbol.asyncIterator]());
        },
        async close() {
            await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
        },
    };
    return { bus, client: publishClient };
}
//# sourceMappingURL=fanout.js.map