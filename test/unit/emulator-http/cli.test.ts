import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/emulator/main.ts';

describe('emulator CLI arguments', () => {
  it('defaults to port 4001 on loopback, 200 customers, seed 1, rate limits on', () => {
    expect(parseCommandLine([])).toEqual({
      port: 4001,
      host: '127.0.0.1',
      customers: 200,
      seed: 1,
      rateLimit: true,
    });
  });

  it('reads every flag', () => {
    expect(
      parseCommandLine([
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--db',
        'cl.sqlite',
        '--customers',
        '30',
        '--seed',
        '9',
        '--no-rate-limit',
        '--token-ttl',
        '60',
        '--anonymization-start-ms',
        '100',
        '--anonymization-complete-ms',
        '200',
      ]),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      db: 'cl.sqlite',
      customers: 30,
      seed: 9,
      rateLimit: false,
      tokenTtlSeconds: 60,
      anonymization: { startAfterMs: 100, completeAfterMs: 200 },
    });
  });

  it('fills the other anonymization delay from the JSON:API layer defaults', () => {
    expect(parseCommandLine(['--anonymization-start-ms', '5'])?.anonymization).toEqual({
      startAfterMs: 5,
      completeAfterMs: 300_000,
    });
  });

  it('returns null for --help', () => {
    expect(parseCommandLine(['--help'])).toBeNull();
    expect(parseCommandLine(['-h'])).toBeNull();
  });

  it('names the bad flag', () => {
    expect(() => parseCommandLine(['--prot', '1'])).toThrow(UsageError);
    expect(() => parseCommandLine(['--prot', '1'])).toThrow(/--prot/);
    expect(() => parseCommandLine(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCommandLine(['--customers', '-1'])).toThrow(/--customers/);
    expect(() => parseCommandLine(['--token-ttl', '0'])).toThrow(/--token-ttl/);
    expect(() => parseCommandLine(['--anonymization-complete-ms', '10'])).toThrow(
      /--anonymization-complete-ms/,
    );
  });
});
