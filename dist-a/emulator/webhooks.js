/**
 * Webhook deliveries, as Commerce Layer sends them
 * (https://docs.commercelayer.io/core/real-time-webhooks):
 * - a POST of the resource's JSON:API document (`include_resources` as `include`) to the
 *   webhook's `callback_url`, with `X-CommerceLayer-Topic: <topic>` and
 *   `X-CommerceLayer-Signature: base64(HMAC-SHA256(shared_secret, raw body))`;
 * - the receiver has 5 s to answer 2xx; anything else is a failure, retried up to 10 times with
 *   exponential backoff; after 30 consecutive failures (retries included) the webhook's circuit
 *   opens and no further calls are made until `_reset_circuit`;
 * - every attempt is an `event_callbacks` record of the webhook.
 * Bodies are built when the change happens (inside its transaction) and sent after it commits;
 * a retry or a duplicate re-sends the same bytes with the same signature.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { cryptoRandom, isoTime, newId, seededRandom } from "./ids.js";
const KINDS = new Set(['drop', 'delay', 'duplicate', 'reorder']);
export function validateDeliveryFault(input) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new TypeError('a delivery fault is an object { kind, topic?, webhookId?, rate?, count?, delayMs? }');
    }
    const spec = input;
    if (!KINDS.has(spec.kind)) {
        throw new TypeError('kind must be one of drop, delay, duplicate, reorder');
    }
    for (const key of ['topic', 'webhookId']) {
        if (spec[key] !== undefined && typeof spec[key] !== 'string') {
            throw new TypeError(`${key} must be a string`);
        }
    }
    if (spec.rate !== undefined &&
        (typeof spec.rate !== 'number' || spec.rate < 0 || spec.rate > 1)) {
        throw new TypeError('rate must be a number between 0 and 1');
    }
    for (const key of ['count', 'delayMs']) {
        const value = spec[key];
        if (value !== undefined &&
            (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
            throw new TypeError(`${key} must be a non-negative integer`);
        }
    }
    return spec;
}
export function sign(body, secret) {
    return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}
export class WebhookDispatcher {
    #store;
    #clock;
    #retryBaseMs;
    #maxRetries;
    #threshold;
    #timeoutMs;
    #capacity;
    #random;
    #log = [];
    #faults = [];
    #queues = new Map();
    #busy = new Set();
    /** Deliveries held by a `reorder` fault until the next one of the same webhook. */
    #held = new Map();
    #timers = new Set();
    #aborts = new Set();
    #idleWaiters = [];
    #inFlight = 0;
    #seq = 0;
    #closed = false;
    constructor(store, clock, options = {}) {
        this.#store = store;
        this.#clock = clock;
        this.#retryBaseMs = options.retryBaseMs ?? 1000;
        this.#maxRetries = options.maxRetries ?? 10;
        this.#threshold = options.circuitThreshold ?? 30;
        this.#timeoutMs = options.timeoutMs ?? 5000;
        this.#capacity = options.capacity ?? 1000;
        this.#random =
            options.faultSeed === undefined ? seededRandom(1) : seededRandom(options.faultSeed);
    }
    get lastSeq() {
        return this.#seq;
    }
    /** Deliveries after sequence number `since`, oldest first. */
    deliveries(filter = {}) {
        return this.#log.filter((delivery) => delivery.seq > (filter.since ?? 0) &&
            (filter.topic === undefined || delivery.topic === filter.topic) &&
            (filter.webhookId === undefined || delivery.webhookId === filter.webhookId));
    }
    clearDeliveries() {
        this.#log.length = 0;
    }
    faults = {
        list: () => this.#faults.map((fault) => ({ ...fault })),
        add: (spec) => {
            const valid = validateDeliveryFault(spec);
            const fault = {
                ...valid,
                id: newId(cryptoRandom),
                ...(valid.count === undefined ? {} : { remaining: valid.count }),
            };
            this.#faults.push(fault);
            return { ...fault };
        },
        set: (specs) => {
            const valid = specs.map((spec) => validateDeliveryFault(spec));
            this.#faults.length = 0;
            return valid.map((spec) => this.faults.add(spec));
        },
        remove: (id) => {
            const index = this.#faults.findIndex((fault) => fault.id === id);
            if (index < 0) {
                return false;
            }
            this.#faults.splice(index, 1);
            return true;
        },
        clear: () => {
            this.#faults.length = 0;
            this.#releaseHeld();
        },
    };
    /** Queues deliveries of a committed write. */
    enqueue(pending) {
        if (this.#closed) {
            return;
        }
        for (const item of pending) {
            const delivery = this.#record(item);
            if (item.skipped) {
                delivery.state = 'skipped';
                continue;
            }
            this.#route(delivery, item.secret);
        }
    }
    /** Resolves once nothing is queued, held by a timer or in flight. */
    idle() {
        if (this.#isIdle()) {
            return Promise.resolve();
        }
        return new Promise((resolve) => this.#idleWaiters.push(resolve));
    }
    close() {
        this.#closed = true;
        for (const timer of this.#timers) {
            clearTimeout(timer);
        }
        this.#timers.clear();
        for (const abort of this.#aborts) {
            abort.abort();
        }
        this.#queues.clear();
        this.#held.clear();
        this.#notifyIdle(true);
    }
    #record(item, duplicateOf) {
        this.#seq += 1;
        const delivery = {
            seq: this.#seq,
            id: newId(cryptoRandom),
            webhookId: item.webhookId,
            topic: item.topic,
            callbackUrl: item.callbackUrl,
            resourceType: item.resourceType,
            resourceId: item.resourceId,
            body: item.body,
            headers: duplicateOf?.headers ?? {
                'Content-Type': 'application/vnd.api+json',
                'X-CommerceLayer-Topic': item.topic,
                'X-CommerceLayer-Signature': sign(item.body, item.secret),
            },
            state: 'pending',
            attempts: [],
            faults: [],
            createdAt: isoTime(this.#clock.now()),
            ...(duplicateOf ? { duplicateOf: duplicateOf.id } : {}),
        };
        this.#log.push(delivery);
        if (this.#log.length > this.#capacity) {
            this.#log.splice(0, this.#log.length - this.#capacity);
        }
        return delivery;
    }
    /** Applies delivery faults, then queues. */
    #route(delivery, secret) {
        const applied = this.#decide(delivery);
        if (applied.has('drop')) {
            delivery.faults.push('drop');
            delivery.state = 'dropped';
            return;
        }
        const targets = [delivery];
        if (applied.has('duplicate')) {
            delivery.faults.push('duplicate');
            targets.push(this.#record({
                webhookId: delivery.webhookId,
                topic: delivery.topic,
                callbackUrl: delivery.callbackUrl,
                secret,
                resourceType: delivery.resourceType,
                resourceId: delivery.resourceId,
                body: delivery.body,
                skipped: false,
            }, delivery));
        }
        const delayMs = applied.get('delay');
        if (delayMs !== undefined) {
            delivery.faults.push('delay');
            for (const target of targets) {
                this.#later(delayMs, () => this.#push(target));
            }
            return;
        }
        if (applied.has('reorder')) {
            delivery.faults.push('reorder');
            const held = this.#held.get(delivery.webhookId) ?? [];
            held.push(...targets);
            this.#held.set(delivery.webhookId, held);
            // Released behind the next delivery of the same webhook, or after a second at most.
            this.#later(1000, () => this.#releaseHeld(delivery.webhookId));
            return;
        }
        for (const target of targets) {
            this.#push(target);
        }
        this.#releaseHeld(delivery.webhookId);
    }
    #decide(delivery) {
        const applied = new Map();
        for (const fault of [...this.#faults]) {
            if ((fault.topic !== undefined && fault.topic !== delivery.topic) ||
                (fault.webhookId !== undefined && fault.webhookId !== delivery.webhookId) ||
                applied.has(fault.kind)) {
                continue;
            }
            if (fault.rate !== undefined && this.#random() >= fault.rate) {
                continue;
            }
            applied.set(fault.kind, fault.delayMs ?? 1000);
            if (fault.remaining !== undefined) {
                fault.remaining -= 1;
                if (fault.remaining <= 0) {
                    this.faults.remove(fault.id);
                }
            }
        }
        return applied;
    }
    #releaseHeld(webhookId) {
        for (const [id, held] of [...this.#held]) {
            if (webhookId !== undefined && id !== webhookId) {
                continue;
            }
            this.#held.delete(id);
            for (const delivery of held) {
                this.#push(delivery);
            }
        }
        this.#notifyIdle();
    }
    #push(delivery) {
        if (this.#closed) {
            return;
        }
        const queue = this.#queues.get(delivery.webhookId) ?? [];
        queue.push(delivery);
        this.#queues.set(delivery.webhookId, queue);
        void this.#pump(delivery.webhookId);
    }
    #later(ms, action) {
        const timer = setTimeout(() => {
            this.#timers.delete(timer);
            action();
            this.#notifyIdle();
        }, ms);
        timer.unref();
        this.#timers.add(timer);
    }
    /** One delivery in flight per webhook: deliveries reach a receiver in the order sent. */
    async #pump(webhookId) {
        if (this.#busy.has(webhookId)) {
            return;
        }
        this.#busy.add(webhookId);
        try {
            const queue = this.#queues.get(webhookId) ?? [];
            while (queue.length > 0 && !this.#closed) {
                const delivery = queue.shift();
                await this.#attempt(delivery);
            }
            this.#queues.delete(webhookId);
        }
        finally {
            this.#busy.delete(webhookId);
            this.#notifyIdle();
        }
    }
    async #attempt(delivery) {
        const webhook = this.#webhook(delivery.webhookId);
        if (!webhook || webhook.attrs.disabled_at || webhook.attrs.circuit_state === 'open') {
            delivery.state = 'skipped';
            return;
        }
        const started = performance.now();
        const at = isoTime(this.#clock.now());
        const abort = new AbortController();
        this.#aborts.add(abort);
        const timer = setTimeout(() => abort.abort(), this.#timeoutMs);
        this.#inFlight += 1;
        let status = null;
        let error;
        let message = '';
        try {
            const response = await fetch(delivery.callbackUrl, {
                method: 'POST',
                headers: delivery.headers,
                body: delivery.body,
                signal: abort.signal,
                redirect: 'manual',
            });
            status = response.status;
            message = response.statusText;
            await response.arrayBuffer().catch(() => undefined);
        }
        catch (caught) {
            error = abort.signal.aborted
                ? 'timeout'
                : caught instanceof Error
                    ? caught.message
                    : 'failed';
        }
        finally {
            clearTimeout(timer);
            this.#aborts.delete(abort);
            this.#inFlight -= 1;
        }
        if (this.#closed) {
            return;
        }
        const ok = status !== null && status >= 200 && status < 300;
        delivery.attempts.push({
            at,
            status,
            ...(error ? { error } : {}),
            durationMs: Math.round((performance.now() - started) * 100) / 100,
        });
        this.#callback(delivery, status, error ?? message);
        if (ok) {
            delivery.state = 'delivered';
            return;
        }
        const open = this.#webhook(delivery.webhookId)?.attrs.circuit_state === 'open';
        if (open || delivery.attempts.length > this.#maxRetries) {
            delivery.state = 'failed';
            return;
        }
        const backoff = this.#retryBaseMs * 2 ** (delivery.attempts.length - 1);
        this.#later(Math.min(backoff, 3_600_000), () => this.#push(delivery));
    }
    #webhook(id) {
        try {
            return this.#store.get('webhooks', id);
        }
        catch {
            return undefined;
        }
    }
    /** Updates the circuit breaker and records an event callback, in one transaction. */
    #callback(delivery, status, message) {
        const ok = status !== null && status >= 200 && status < 300;
        this.#store.transaction(() => {
            const webhook = this.#store.get('webhooks', delivery.webhookId);
            if (!webhook) {
                return;
            }
            const failures = ok ? 0 : Number(webhook.attrs.circuit_failure_count ?? 0) + 1;
            webhook.attrs.circuit_failure_count = failures;
            if (failures >= this.#threshold) {
                webhook.attrs.circuit_state = 'open';
            }
            this.#store.save('webhooks', webhook);
            const now = isoTime(this.#clock.now());
            this.#store.insert('event_callbacks', {
                id: newId(),
                seq: 0,
                created_at: now,
                updated_at: now,
                attrs: {
                    callback_url: delivery.callbackUrl,
                    payload: JSON.parse(delivery.body),
                    response_code: status === null ? null : String(status),
                    response_message: message || null,
                    metadata: {},
                },
                internal: {},
                rels: { webhook: webhook.id },
                relTypes: {},
            });
        });
    }
    #isIdle() {
        return (this.#closed ||
            (this.#inFlight === 0 &&
                this.#busy.size === 0 &&
                this.#timers.size === 0 &&
                this.#held.size === 0 &&
                [...this.#queues.values()].every((queue) => queue.length === 0)));
    }
    #notifyIdle(force = false) {
        if (!force && !this.#isIdle()) {
            return;
        }
        for (const resolve of this.#idleWaiters.splice(0)) {
            resolve();
        }
    }
}
/** For tests: waits until `predicate` holds or `timeoutMs` passes. */
export async function waitFor(predicate, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (predicate()) {
            return true;
        }
        await sleep(10);
    }
    return predicate();
}
//# sourceMappingURL=webhooks.js.map