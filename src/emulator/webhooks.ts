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
import { cryptoRandom, isoTime, newId, type Random, seededRandom } from './ids.ts';
import type { Row, Store } from './store.ts';
import type { Clock } from './types.ts';

export interface WebhookOptions {
  /** First retry delay; doubles per attempt (default 1000 ms). */
  readonly retryBaseMs?: number;
  /** Retries after the first attempt (default 10, as Commerce Layer). */
  readonly maxRetries?: number;
  /** Consecutive failures that open the circuit (default 30, as Commerce Layer). */
  readonly circuitThreshold?: number;
  /** How long the receiver has to answer (default 5000 ms, as Commerce Layer). */
  readonly timeoutMs?: number;
  /** Deliveries kept for the admin endpoint (default 1000; older ones are dropped). */
  readonly capacity?: number;
  /** Seed of the fault PRNG (default 1). */
  readonly faultSeed?: number;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'dropped' | 'skipped';

export interface DeliveryAttempt {
  readonly at: string;
  /** HTTP status, or null when the request failed (refused, reset, timed out). */
  readonly status: number | null;
  readonly error?: string;
  readonly durationMs: number;
}

export interface Delivery {
  readonly seq: number;
  readonly id: string;
  readonly webhookId: string;
  readonly topic: string;
  readonly callbackUrl: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The exact bytes sent (UTF-8). */
  readonly body: string;
  /** The headers sent, signature included. */
  readonly headers: Readonly<Record<string, string>>;
  state: DeliveryState;
  readonly attempts: DeliveryAttempt[];
  /** Delivery faults applied (`drop`, `delay`, `duplicate`, `reorder`). */
  readonly faults: string[];
  readonly createdAt: string;
  /** For duplicates: the delivery this one copies. */
  readonly duplicateOf?: string;
}

export type DeliveryFaultKind = 'drop' | 'delay' | 'duplicate' | 'reorder';

export interface DeliveryFaultSpec {
  readonly kind: DeliveryFaultKind;
  /** Only deliveries of this topic (default all). */
  readonly topic?: string;
  /** Only deliveries of this webhook (default all). */
  readonly webhookId?: string;
  /** Probability in [0, 1] (default 1). */
  readonly rate?: number;
  /** Only the next N matching deliveries, then the rule goes away. */
  readonly count?: number;
  /** For `delay`: milliseconds before the first attempt (default 1000). */
  readonly delayMs?: number;
}

export interface DeliveryFault extends DeliveryFaultSpec {
  readonly id: string;
  remaining?: number;
}

const KINDS = new Set<DeliveryFaultKind>(['drop', 'delay', 'duplicate', 'reorder']);

export function validateDeliveryFault(input: unknown): DeliveryFaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError(
      'a delivery fault is an object { kind, topic?, webhookId?, rate?, count?, delayMs? }',
    );
  }
  const spec = input as Record<string, unknown>;
  if (!KINDS.has(spec.kind as DeliveryFaultKind)) {
    throw new TypeError('kind must be one of drop, delay, duplicate, reorder');
  }
  for (const key of ['topic', 'webhookId']) {
    if (spec[key] !== undefined && typeof spec[key] !== 'string') {
      throw new TypeError(`${key} must be a string`);
    }
  }
  if (
    spec.rate !== undefined &&
    (typeof spec.rate !== 'number' || spec.rate < 0 || spec.rate > 1)
  ) {
    throw new TypeError('rate must be a number between 0 and 1');
  }
  for (const key of ['count', 'delayMs']) {
    const value = spec[key];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    ) {
      throw new TypeError(`${key} must be a non-negative integer`);
    }
  }
  return spec as unknown as DeliveryFaultSpec;
}

/** A delivery to make, built inside the write's transaction. */
export interface PendingDelivery {
  readonly webhookId: string;
  readonly topic: string;
  readonly callbackUrl: string;
  readonly secret: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly body: string;
  /** The webhook's circuit was open when the change happened: recorded, never sent. */
  readonly skipped: boolean;
}

export function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export class WebhookDispatcher {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #retryBaseMs: number;
  readonly #maxRetries: number;
  readonly #threshold: number;
  readonly #timeoutMs: number;
  readonly #capacity: number;
  readonly #random: Random;
  readonly #log: Delivery[] = [];
  readonly #faults: DeliveryFault[] = [];
  readonly #queues = new Map<string, Delivery[]>();
  readonly #busy = new Set<string>();
  /** Deliveries held by a `reorder` fault until the next one of the same webhook. */
  readonly #held = new Map<string, Delivery[]>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #aborts = new Set<AbortController>();
  readonly #idleWaiters: Array<() => void> = [];
  #inFlight = 0;
  #seq = 0;
  #closed = false;

  constructor(store: Store, clock: Clock, options: WebhookOptions = {}) {
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

  get lastSeq(): number {
    return this.#seq;
  }

  /** Deliveries after sequence number `since`, oldest first. */
  deliveries(filter: { since?: number; topic?: string; webhookId?: string } = {}): Delivery[] {
    return this.#log.filter(
      (delivery) =>
        delivery.seq > (filter.since ?? 0) &&
        (filter.topic === undefined || delivery.topic === filter.topic) &&
        (filter.webhookId === undefined || delivery.webhookId === filter.webhookId),
    );
  }

  clearDeliveries(): void {
    this.#log.length = 0;
  }

  readonly faults = {
    list: (): DeliveryFault[] => this.#faults.map((fault) => ({ ...fault })),
    add: (spec: DeliveryFaultSpec): DeliveryFault => {
      const valid = validateDeliveryFault(spec);
      const fault: DeliveryFault = {
        ...valid,
        id: newId(cryptoRandom),
        ...(valid.count === undefined ? {} : { remaining: valid.count }),
      };
      this.#faults.push(fault);
      return { ...fault };
    },
    set: (specs: readonly DeliveryFaultSpec[]): DeliveryFault[] => {
      const valid = specs.map((spec) => validateDeliveryFault(spec));
      this.#faults.length = 0;
      return valid.map((spec) => this.faults.add(spec));
    },
    remove: (id: string): boolean => {
      const index = this.#faults.findIndex((fault) => fault.id === id);
      if (index < 0) {
        return false;
      }
      this.#faults.splice(index, 1);
      return true;
    },
    clear: (): void => {
      this.#faults.length = 0;
      this.#releaseHeld();
    },
  };

  /** Queues deliveries of a committed write. */
  enqueue(pending: readonly PendingDelivery[]): void {
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
  idle(): Promise<void> {
    if (this.#isIdle()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  close(): void {
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

  #record(item: PendingDelivery, duplicateOf?: Delivery): Delivery {
    this.#seq += 1;
    const delivery: Delivery = {
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
  #route(delivery: Delivery, secret: string): void {
    const applied = this.#decide(delivery);
    if (applied.has('drop')) {
      delivery.faults.push('drop');
      delivery.state = 'dropped';
      return;
    }
    const targets = [delivery];
    if (applied.has('duplicate')) {
      delivery.faults.push('duplicate');
      targets.push(
        this.#record(
          {
            webhookId: delivery.webhookId,
            topic: delivery.topic,
            callbackUrl: delivery.callbackUrl,
            secret,
            resourceType: delivery.resourceType,
            resourceId: delivery.resourceId,
            body: delivery.body,
            skipped: false,
          },
          delivery,
        ),
      );
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

  #decide(delivery: Delivery): Map<DeliveryFaultKind, number> {
    const applied = new Map<DeliveryFaultKind, number>();
    for (const fault of [...this.#faults]) {
      if (
        (fault.topic !== undefined && fault.topic !== delivery.topic) ||
        (fault.webhookId !== undefined && fault.webhookId !== delivery.webhookId) ||
        applied.has(fault.kind)
      ) {
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

  #releaseHeld(webhookId?: string): void {
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

  #push(delivery: Delivery): void {
    if (this.#closed) {
      return;
    }
    const queue = this.#queues.get(delivery.webhookId) ?? [];
    queue.push(delivery);
    this.#queues.set(delivery.webhookId, queue);
    void this.#pump(delivery.webhookId);
  }

  #later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
      this.#notifyIdle();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  /** One delivery in flight per webhook: deliveries reach a receiver in the order sent. */
  async #pump(webhookId: string): Promise<void> {
    if (this.#busy.has(webhookId)) {
      return;
    }
    this.#busy.add(webhookId);
    try {
      const queue = this.#queues.get(webhookId) ?? [];
      while (queue.length > 0 && !this.#closed) {
        const delivery = queue.shift() as Delivery;
        await this.#attempt(delivery);
      }
      this.#queues.delete(webhookId);
    } finally {
      this.#busy.delete(webhookId);
      this.#notifyIdle();
    }
  }

  async #attempt(delivery: Delivery): Promise<void> {
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
    let status: number | null = null;
    let error: string | undefined;
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
    } catch (caught) {
      error = abort.signal.aborted
        ? 'timeout'
        : caught instanceof Error
          ? caught.message
          : 'failed';
    } finally {
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

  #webhook(id: string): Row | undefined {
    try {
      return this.#store.get('webhooks', id);
    } catch {
      return undefined;
    }
  }

  /** Updates the circuit breaker and records an event callback, in one transaction. */
  #callback(delivery: Delivery, status: number | null, message: string): void {
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
          payload: JSON.parse(delivery.body) as unknown,
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

  #isIdle(): boolean {
    return (
      this.#closed ||
      (this.#inFlight === 0 &&
        this.#busy.size === 0 &&
        this.#timers.size === 0 &&
        this.#held.size === 0 &&
        [...this.#queues.values()].every((queue) => queue.length === 0))
    );
  }

  #notifyIdle(force = false): void {
    if (!force && !this.#isIdle()) {
      return;
    }
    for (const resolve of this.#idleWaiters.splice(0)) {
      resolve();
    }
  }
}

/** For tests: waits until `predicate` holds or `timeoutMs` passes. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) {
      return true;
    }
    await sleep(10);
  }
  return predicate();
}
