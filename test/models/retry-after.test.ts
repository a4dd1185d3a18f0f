import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/models/retry-after';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds, whole or decimal', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }))).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': '0' }))).toBe(0);
  });

  it('reads an HTTP date relative to now; a past date gives 0', () => {
    const headers = { 'Retry-After': 'Thu, 01 Jan 2026 00:00:07 GMT' };
    expect(retryAfterMs(headers, NOW)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, NOW)).toBe(0);
  });

  it("prefers OpenAI's retry-after-ms", () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
  });

  it('is undefined when there is nothing usable', () => {
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '-3' })).toBeUndefined();
  });
});
