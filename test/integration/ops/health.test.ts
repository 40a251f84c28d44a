import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedStack, serveStack } from './serve.ts';

/**
 * A loopback port where no HTTP server answers: held open (so no other test process can take it
 * while the suite runs in parallel, as a released port could be) and every connection reset.
 */
async function deadPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('/health and /readiness', () => {
  let up: ServedStack;
  let down: ServedStack;
  let dead: Awaited<ReturnType<typeof deadPort>>;

  beforeAll(async () => {
    up = await serveStack();
    dead = await deadPort();
    down = await serveStack({
      emulator: { customers: 0, seedData: false },
      upstreamUrl: `http://127.0.0.1:${dead.port}/api`,
      readinessTimeoutMs: 1_500,
    });
  });
  afterAll(async () => {
    await up.close();
    await down.close();
    await dead.close();
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
