import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedStack, serveStack } from './serve.ts';

/** A loopback port with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('/health and /readiness', () => {
  let up: ServedStack;
  let down: ServedStack;

  beforeAll(async () => {
    up = await serveStack();
    down = await serveStack({
      emulator: { customers: 0, seedData: false },
      upstreamUrl: `http://127.0.0.1:${await closedPort()}/api`,
      readinessTimeoutMs: 1_500,
    });
  });
  afterAll(async () => {
    await up.close();
    await down.close();
  });

  it('answers liveness with 200 whatever the upstream does', async () => {
    expect((await fetch(`${up.url}/health`)).status).toBe(200);
    expect((await fetch(`${down.url}/health`)).status).toBe(200);
  });

  it('is ready when the upstream answers', async () => {
    const response = await fetch(`${up.url}/readiness`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 when the upstream is unreachable, without saying more', async () => {
    const response = await fetch(`${down.url}/readiness`);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: 'unavailable', upstream: 'down' });
    expect(body).not.toContain('127.0.0.1');
  });

  it('becomes unready when the upstream goes away', async () => {
    const stack = await serveStack({ emulator: { customers: 0, seedData: false } });
    try {
      expect((await fetch(`${stack.url}/readiness`)).status).toBe(200);
      await stack.emulator.close();
      stack.upstream.close();
      expect((await fetch(`${stack.url}/readiness`)).status).toBe(503);
    } finally {
      await stack.close();
    }
  });
});
