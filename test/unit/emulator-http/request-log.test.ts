import { describe, expect, it } from 'vitest';
import { RequestLog, type RequestLogEntry } from '../../../src/emulator/request-log.ts';

function entry(log: RequestLog, path: string, method = 'GET'): RequestLogEntry {
  return {
    seq: log.nextSeq(),
    method,
    path,
    query: {},
    tokenKind: 'integration',
    status: 200,
    durationMs: 1,
    requestId: 'id',
    startedAt: new Date(0).toISOString(),
  };
}

describe('RequestLog', () => {
  it('returns entries in sequence order even when they finish out of order', () => {
    const log = new RequestLog();
    const slow = entry(log, '/api/customers');
    const fast = entry(log, '/api/tags', 'POST');
    log.record(fast);
    log.record(slow);
    expect(log.entries().map((each) => each.seq)).toEqual([1, 2]);
    expect(log.count({ pathPrefix: '/api/customers' })).toBe(1);
    expect(log.count({ method: 'post' })).toBe(1);
    expect(log.entries({ since: 1 })).toEqual([fast]);
  });

  it('keeps sequence numbers growing after clear and keeps at least `capacity` entries', () => {
    const log = new RequestLog(10);
    for (let i = 0; i < 25; i++) {
      log.record(entry(log, `/api/r${i}`));
    }
    const kept = log.entries();
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThanOrEqual(11);
    expect(kept.at(-1)?.path).toBe('/api/r24');
    log.clear();
    expect(log.count()).toBe(0);
    expect(log.lastSeq).toBe(25);
    expect(log.nextSeq()).toBe(26);
  });
});
