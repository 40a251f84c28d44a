/**
 * A real HTTP server on 127.0.0.1, port 0, that answers Core API and token requests from a script
 * and records every request (got `test/helpers/create-http-test-server.ts`, minus express).
 *
 * Routes are `METHOD /path` (path without query). Each route holds a queue of answers: one is
 * used per request, the last one repeats. Unscripted API paths answer the 404 fixture.
 * `POST /oauth/token` answers a fresh unsigned JWT (`integration` kind) per request unless scripted.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path without query string, e.g. `/api/customers`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Raw request target as received (`/api/customers?filter%5Bq%5D…`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON (`''` when empty). */
  readonly body: unknown;
}

export interface ScriptedAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string is sent verbatim. */
  readonly body?: unknown;
  /** Waits this long before answering. */
  readonly delayMs?: number;
  /** Drops the connection instead of answering (the client sees ECONNRESET). */
  readonly drop?: boolean;
}

export type Answer = ScriptedAnswer | ((request: RecordedRequest) => ScriptedAnswer);

export interface JsonApiTestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `<url>/api` */
  readonly apiUrl: string;
  /** `<url>/oauth/token` */
  readonly authUrl: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests to `/api/…` only. */
  apiRequests(): RecordedRequest[];
  /** Requests to `/oauth/token` only. */
  tokenRequests(): RecordedRequest[];
  /** Queues answers for `METHOD /path` (replacing earlier ones); the last one repeats. */
  on(route: string, ...answers: Answer[]): void;
  /** Access tokens issued by the default token route, in order. */
  readonly issuedTokens: string[];
  /** Forgets requests, tokens and scripted routes. */
  reset(): void;
  close(): Promise<void>;
}

const FIXTURES = new URL('../fixtures/upstream/', import.meta.url);

/** A verbatim fixture from `test/fixtures/upstream/<name>.json`, parsed. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** An unsigned JWT (`alg: none`) with `payload`, the way Core API tokens carry their claims. */
export function makeJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.signature`;
}

/** Starts a server; close it in `afterAll`/`afterEach`. */
export async function startJsonApiTestServer(): Promise<JsonApiTestServer> {
  const requests: RecordedRequest[] = [];
  const issuedTokens: string[] = [];
  const routes = new Map<string, Answer[]>();

  const defaultTokenAnswer = (): ScriptedAnswer => {
    const token = makeJwt({
      application: { id: 'app1', client_id: 'gateway-client', kind: 'integration' },
      organization: { id: 'org1', slug: 'test-org' },
      exp: Math.floor(Date.now() / 1000) + 7200,
      test: true,
      rand: issuedTokens.length + 1,
    });
    issuedTokens.push(token);
    return {
      headers: { 'content-type': 'application/json' },
      body: {
        access_token: token,
        token_type: 'bearer',
        expires_in: 7200,
        scope: 'market:all',
        created_at: Math.floor(Date.now() / 1000),
      },
    };
  };

  const next = (route: string): Answer | undefined => {
    const queue = routes.get(route);
    if (queue === undefined || queue.length === 0) {
      return undefined;
    }
    return queue.length > 1 ? queue.shift() : queue[0];
  };

  const send = (response: ServerResponse, answer: ScriptedAnswer) => {
    if (response.destroyed) {
      return;
    }
    if (answer.drop === true) {
      response.socket?.destroy();
      return;
    }
    const status = answer.status ?? 200;
    const headers: Record<string, string> = {
      'content-type': 'application/vnd.api+json',
      ...answer.headers,
    };
    const body =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    response.writeHead(status, headers);
    response.end(status === 204 ? undefined : body);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text === '' ? '' : JSON.parse(text);
      } catch {
        // keep the raw text
      }
      const target = new URL(request.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: target.pathname,
        query: target.searchParams,
        url: request.url ?? '/',
        headers: request.headers,
        body,
      };
      requests.push(recorded);
      const route = `${recorded.method} ${recorded.path}`;
      const scripted = next(route);
      let answer: ScriptedAnswer;
      if (scripted !== undefined) {
        answer = typeof scripted === 'function' ? scripted(recorded) : scripted;
      } else if (route === 'POST /oauth/token') {
        answer = defaultTokenAnswer();
      } else {
        answer = { status: 404, body: fixture('not-found-404') };
      }
      if (answer.delayMs !== undefined) {
        const timer = setTimeout(() => send(response, answer), answer.delayMs);
        response.on('close', () => clearTimeout(timer));
      } else {
        send(response, answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}/api`,
    authUrl: `${url}/oauth/token`,
    requests,
    issuedTokens,
    apiRequests: () => requests.filter((request) => request.path.startsWith('/api/')),
    tokenRequests: () => requests.filter((request) => request.path === '/oauth/token'),
    on(route, ...answers) {
      routes.set(route, [...answers]);
    },
    reset() {
      requests.length = 0;
      issuedTokens.length = 0;
      routes.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
