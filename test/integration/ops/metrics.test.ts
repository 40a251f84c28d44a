import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathTemplate } from '../../../src/plugins/use-metrics.ts';
import { emulatorToken } from '../../helpers/auth.ts';
import { postGraphQL, type ServedStack, serveStack } from './serve.ts';

/** The value of one sample line, e.g. `name{a="b"} 3`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let stack: ServedStack;

  beforeAll(async () => {
    stack = await serveStack({ logLevel: 'silent' });
  });
  afterAll(() => stack.close());

  it('serves Prometheus text with request, duration, error and upstream series', async () => {
    await postGraphQL(stack, { query: 'query Two { customers(first: 2) { nodes { id } } }' });
    await postGraphQL(stack, { query: 'query Two { customers(first: 2) { nodes { id } } }' });
    await postGraphQL(stack, { query: '{ nope }' });

    const response = await fetch(stack.metricsUrl as string);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();

    expect(
      sample(text, 'gateway_graphql_requests_total{operation_type="query",outcome="ok"}'),
    ).toBe(2);
    expect(
      sample(text, 'gateway_graphql_requests_total{operation_type="unknown",outcome="error"}'),
    ).toBe(1);
    expect(
      sample(text, 'gateway_graphql_request_duration_seconds_count{operation_type="query"}'),
    ).toBe(2);
    expect(sample(text, 'gateway_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(
      sample(
        text,
        'gateway_upstream_requests_total{method="GET",resource="customers",status="200"}',
      ),
    ).toBe(2);
    expect(
      sample(
        text,
        'gateway_upstream_request_duration_seconds_count{method="GET",resource="customers"}',
      ),
    ).toBe(2);
    expect(text).toContain('# TYPE gateway_graphql_request_duration_seconds histogram');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts upstream answers by status, errors included', async () => {
    const response = await postGraphQL(
      stack,
      { query: 'query Denied { customers(first: 1) { totalCount } }' },
      // A verified guest token the Core API refuses to list customers for (401 UNAUTHORIZED).
      { authorization: `Bearer ${await emulatorToken(stack.emulator, 'sales_channel')}` },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const text = await (await fetch(stack.metricsUrl as string)).text();
    expect(
      sample(
        text,
        'gateway_upstream_requests_total{method="GET",resource="customers",status="401"}',
      ),
    ).toBe(1);
    expect(sample(text, 'gateway_graphql_errors_total{code="FORBIDDEN"}')).toBe(1);
  });

  it('does not count /metrics, /health or GraphiQL as GraphQL requests', async () => {
    const total = async () => {
      const text = await (await fetch(stack.metricsUrl as string)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith('gateway_graphql_requests_total{'))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    };
    const before = await total();
    await fetch(`${stack.url}/health`);
    await (await fetch(stack.graphqlUrl, { headers: { accept: 'text/html' } })).text();
    expect(await total()).toBe(before);
  });

  it('is served on its own listener, never on the GraphQL port', async () => {
    expect(new URL(stack.metricsUrl as string).port).not.toBe(new URL(stack.url).port);
    const onPublicPort = await fetch(`${stack.url}/metrics`);
    expect(onPublicPort.status).toBe(404);
    expect(await onPublicPort.text()).not.toContain('gateway_graphql_requests_total');
    expect((await fetch(new URL('/other', stack.metricsUrl as string))).status).toBe(404);
  });

  it('reduces upstream paths to bounded templates', () => {
    expect(pathTemplate('/api/customers')).toBe('customers');
    expect(pathTemplate('/api/customers/xYzAb')).toBe('customers/:id');
    expect(pathTemplate('/api/customers/xYzAb/orders')).toBe('customers/:id/orders');
  });

  it('is absent when metrics are off', async () => {
    const off = await serveStack({
      metrics: false,
      logLevel: 'silent',
      emulator: { customers: 0, seedData: false },
    });
    try {
      expect(off.metricsUrl).toBeUndefined();
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
