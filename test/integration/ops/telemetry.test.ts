import { SpanKind } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TRACER_NAME } from '../../../src/plugins/use-telemetry.ts';
import { startTelemetry } from '../../../src/telemetry.ts';
import { EXAMPLE_QUERY } from '../../../src/yoga.ts';
import { emulatorToken } from '../../helpers/auth.ts';
import { postGraphQL, type ServedStack, serveStack } from './serve.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

function parentOf(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan | undefined {
  const parentId = span.parentSpanContext?.spanId;
  return spans.find((candidate) => candidate.spanContext().spanId === parentId);
}

/** Span names from `span` up to the root. */
function ancestry(span: ReadableSpan, spans: readonly ReadableSpan[]): string[] {
  const names: string[] = [];
  for (let at: ReadableSpan | undefined = span; at !== undefined; at = parentOf(at, spans)) {
    names.push(at.name);
  }
  return names;
}

/** The spans of one request: those sharing the operation span's trace. */
function traceOf(operationName: string): ReadableSpan[] {
  const spans = exporter.getFinishedSpans();
  const operation = spans.find((span) => span.name === operationName);
  expect(operation, `no span named ${operationName}`).toBeDefined();
  const traceId = operation?.spanContext().traceId;
  return spans.filter((span) => span.spanContext().traceId === traceId);
}

function only(spans: readonly ReadableSpan[], predicate: (span: ReadableSpan) => boolean) {
  const found = spans.filter(predicate);
  expect(found, 'exactly one matching span').toHaveLength(1);
  return found[0] as ReadableSpan;
}

describe('OpenTelemetry spans', () => {
  let stack: ServedStack;

  beforeAll(async () => {
    provider.register();
    stack = await serveStack({ logLevel: 'silent', emulator: { rateLimit: true } });
  });
  afterAll(async () => {
    await stack.close();
    await provider.shutdown();
  });
  beforeEach(() => exporter.reset());

  it('traces operation → resolver → upstream call → HTTP attempt, with upstream attributes', async () => {
    const response = await postGraphQL(stack, { query: EXAMPLE_QUERY });
    expect(response.body.errors).toBeUndefined();
    const spans = traceOf('query Customers');

    const operation = only(spans, (span) => span.name === 'query Customers');
    expect(operation.kind).toBe(SpanKind.SERVER);
    expect(operation.parentSpanContext).toBeUndefined();
    expect(operation.instrumentationScope.name).toBe(TRACER_NAME);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'Customers',
      'graphql.operation.type': 'query',
      'gateway.upstream.requests': 1,
    });

    const http = only(spans, (span) => span.kind === SpanKind.CLIENT);
    expect(http.name).toBe('GET /api/customers');
    expect(http.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/api/customers',
      'http.response.status_code': 200,
      'commercelayer.ratelimit.limit': expect.any(Number),
      'commercelayer.ratelimit.remaining': expect.any(Number),
      'commercelayer.ratelimit.interval': expect.any(Number),
    });
    expect(ancestry(http, spans)).toEqual([
      'GET /api/customers',
      'upstream.list customers',
      'resolve Query.customers',
      'query Customers',
    ]);
    const call = parentOf(http, spans);
    expect(call?.attributes).toMatchObject({
      'gateway.upstream.call': 'list',
      'gateway.upstream.resource': 'customers',
    });
    expect(String(call?.attributes['gateway.upstream.include'])).toContain('customer_group');

    // Nested resolvers hang under their parent field, not flat under the operation.
    const group = spans.find((span) => span.name === 'resolve Customer.customerGroup');
    expect(group && ancestry(group, spans)).toEqual([
      'resolve Customer.customerGroup',
      'resolve CustomerConnection.nodes',
      'resolve Query.customers',
      'query Customers',
    ]);
    expect(group?.attributes['graphql.field.path']).toMatch(
      /^customers\.nodes\.\d+\.customerGroup$/,
    );
    // Scalar leaves are not traced.
    expect(spans.some((span) => span.name === 'resolve Customer.email')).toBe(false);
  });

  it('traces a DataLoader batch as one loader.batch span under the resolver that started it', async () => {
    const page = await postGraphQL(stack, { query: '{ customers(first: 2) { nodes { id } } }' });
    const [a, b] =
      (page.body.data?.customers as { nodes: { id: string }[] } | undefined)?.nodes ?? [];
    exporter.reset();

    const response = await postGraphQL(stack, {
      query: `query Pair($a: ID!, $b: ID!) {
        a: customer(id: $a) { email }
        b: customer(id: $b) { email }
      }`,
      variables: { a: a?.id, b: b?.id },
    });
    expect(response.body.errors).toBeUndefined();
    const spans = traceOf('query Pair');

    const batch = only(spans, (span) => span.name === 'loader.batch customers');
    expect(batch.attributes['gateway.batch.size']).toBe(2);
    expect(ancestry(batch, spans).slice(1)).toEqual(['resolve Query.customer', 'query Pair']);
    const http = only(spans, (span) => span.kind === SpanKind.CLIENT);
    expect(parentOf(http, spans)).toBe(batch);
    expect(http.attributes['url.path']).toBe('/api/customers');
    expect(spans.filter((span) => span.name === 'resolve Query.customer')).toHaveLength(2);
  });

  it('marks upstream failures and error codes on the spans', async () => {
    const response = await postGraphQL(
      stack,
      { query: 'query Denied { customers(first: 1) { totalCount } }' },
      // A verified guest token the Core API refuses to list customers for (401 UNAUTHORIZED).
      { authorization: `Bearer ${await emulatorToken(stack.emulator, 'sales_channel')}` },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const spans = traceOf('query Denied');
    const operation = only(spans, (span) => span.name === 'query Denied');
    expect(operation.attributes['graphql.error.codes']).toEqual(['FORBIDDEN']);
    expect(operation.status.code).toBe(2);
    const http = only(spans, (span) => span.kind === SpanKind.CLIENT);
    expect(http.attributes).toMatchObject({
      'http.response.status_code': 401,
      'error.type': '401',
    });
    expect(http.status.code).toBe(2);
  });

  it('continues an incoming W3C traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await postGraphQL(
      stack,
      { query: 'query Continued { customers(first: 1) { totalCount } }' },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    const operation = exporter.getFinishedSpans().find((span) => span.name === 'query Continued');
    expect(operation?.spanContext().traceId).toBe(traceId);
    expect(operation?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('registers no SDK unless an exporter or endpoint is configured', async () => {
    const base = {
      OTEL_SERVICE_NAME: 'customers-gateway',
      OTEL_TRACES_EXPORTER: undefined,
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
    };
    expect(await startTelemetry(base)).toBeUndefined();
    expect(
      await startTelemetry({
        ...base,
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      }),
    ).toBeUndefined();
  });
});
