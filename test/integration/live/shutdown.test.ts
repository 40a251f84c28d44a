/**
 * A graceful stop does not wait for subscription streams: SIGTERM completes every open SSE
 * stream, then the process drains and exits well within SHUTDOWN_TIMEOUT_MS.
 */
import { expect, it } from 'vitest';
import { startDeployed } from '../../helpers/deployed.ts';
import { subscribe } from '../../helpers/sse.ts';

it('SIGTERM ends open subscription streams and the process stops without waiting for them', async () => {
  const gateway = await startDeployed({
    emulator: { customers: 2 },
    env: { SHUTDOWN_TIMEOUT_MS: '20000' },
  });
  try {
    const subscription = await subscribe(
      gateway.graphqlUrl,
      'subscription { customerEvents { topic } }',
      { headers: { authorization: `Bearer ${await gateway.integrationToken()}` } },
    );
    expect(subscription.status).toBe(200);
    const started = Date.now();
    const closing = gateway.close();
    await subscription.ended;
    await closing;
    // close() sends SIGTERM and kills after 3 s: a stop that waited for the stream would take 3 s.
    expect(Date.now() - started).toBeLessThan(2_900);
    expect(gateway.output()).toMatch(/"abandoned":0/);
  } finally {
    await gateway.close().catch(() => {});
  }
}, 60_000);
