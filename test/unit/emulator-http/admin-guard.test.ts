import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackOrigin } from '../../../src/emulator/admin.ts';

describe('admin endpoint: loopback Host and Origin', () => {
  it('accepts loopback hosts with or without a port', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.1:4001',
      'localhost',
      'LOCALHOST:80',
      '[::1]',
      '[::1]:4001',
    ]) {
      expect(isLoopbackHost(host)).toBe(true);
    }
  });

  it('refuses names that only look loopback (DNS rebinding)', () => {
    for (const host of [
      undefined,
      '',
      'evil.example',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      'evil.example:127.0.0.1',
      '[::2]:4001',
      '0.0.0.0:4001',
      '127.0.0.1:4001:1',
    ]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });

  it('accepts only loopback http(s) origins', () => {
    expect(isLoopbackOrigin('http://localhost:3000')).toBe(true);
    expect(isLoopbackOrigin('https://127.0.0.1')).toBe(true);
    expect(isLoopbackOrigin('null')).toBe(false);
    expect(isLoopbackOrigin('https://evil.example')).toBe(false);
    expect(isLoopbackOrigin('file://localhost/x')).toBe(false);
  });
});
