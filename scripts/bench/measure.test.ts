import { describe, expect, it } from 'vitest';
import { measure } from './measure.ts';

describe.runIf(process.platform === 'linux')('measure', () => {
  it('times a command and samples the memory of its tree, with what the peak was made of', async () => {
    // A parent and a child that each hold ~64 MiB for a moment.
    const hold = 'const b = Buffer.alloc(64 * 2 ** 20, 1); setTimeout(() => b.length, 1500);';
    const script = `const { spawn } = require('node:child_process'); spawn(process.execPath, ['-e', ${JSON.stringify(hold)}], { stdio: 'inherit' }).on('exit', () => {}); ${hold}`;
    const m = await measure(process.execPath, ['-e', script], { cwd: process.cwd(), pollMs: 100 });
    expect(m.exitCode).toBe(0);
    expect(m.ms).toBeGreaterThan(1000);
    expect(m.peakTreePssBytes).toBeGreaterThan(128 * 2 ** 20);
    expect(m.peakParts).toMatch(/^node \d+, node \d+/);
  }, 30_000);
});
