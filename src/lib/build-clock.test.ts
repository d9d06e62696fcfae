import { afterEach, describe, expect, it, vi } from 'vitest';

const load = async () => (await import('./build-clock.ts')).BUILD_NOW;

describe('BUILD_NOW', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('is the end of the current UTC hour', async () => {
    vi.stubEnv('SOURCE_DATE_EPOCH', '');
    const before = Date.now();
    const now = (await load()).getTime();
    expect(now % 3_600_000).toBe(0);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThanOrEqual(3_600_000);
  });

  it('takes SOURCE_DATE_EPOCH instead of the clock, rounded up to the hour', async () => {
    vi.stubEnv('SOURCE_DATE_EPOCH', String(Date.UTC(2026, 10, 22, 21, 55, 3) / 1000));
    expect((await load()).toISOString()).toBe('2026-11-22T22:00:00.000Z');
    vi.resetModules();
    vi.stubEnv('SOURCE_DATE_EPOCH', String(Date.UTC(2026, 10, 22, 22, 0, 0) / 1000));
    expect((await load()).toISOString()).toBe('2026-11-22T22:00:00.000Z');
  });

  it('refuses a SOURCE_DATE_EPOCH that is not whole seconds, saying what it wants', async () => {
    vi.stubEnv('SOURCE_DATE_EPOCH', '2026-11-22');
    await expect(load()).rejects.toThrow(/SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 \(e\.g\. \d+\), not "2026-11-22"/);
  });
});
