/**
 * A GraphQL-over-SSE client for tests: POSTs the subscription with `Accept: text/event-stream`
 * and collects every `next` payload as it arrives (yoga's "distinct connections" mode).
 */
export interface SseSubscription<T = Record<string, unknown>> {
  /** Every `next` payload received so far, in order. */
  readonly events: {
    data?: T | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  }[];
  /** HTTP status of the subscription request. */
  readonly status: number;
  /** Resolves once `count` events have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream (`complete` or closed). */
  readonly ended: Promise<void>;
  close(): void;
}

export async function subscribe<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: {
    variables?: Record<string, unknown>;
    headers?: Record<string, string>;
    /** Another fetch (a gateway runtime's own `fetch`). */
    fetch?: (url: string, init: RequestInit) => Promise<Response>;
  } = {},
): Promise<SseSubscription<T>> {
  const abort = new AbortController();
  const response = await (options.fetch ?? fetch)(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
    signal: abort.signal,
  });
  const events: SseSubscription<T>['events'] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const endedPromise = (async () => {
    if (!response.body) {
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (event === 'next' && data) {
            events.push(JSON.parse(data));
            for (const waiter of waiters) {
              waiter();
            }
          }
          if (event === 'complete') {
            return;
          }
          boundary = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      for (const waiter of waiters) {
        waiter();
      }
    }
  })();
  return {
    events,
    status: response.status,
    ended: endedPromise,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= count) {
            cleanup();
            resolve();
          } else if (ended) {
            cleanup();
            reject(new Error(`stream ended after ${events.length} of ${count} events`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${events.length} of ${count} events after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      abort.abort();
    },
  };
}
