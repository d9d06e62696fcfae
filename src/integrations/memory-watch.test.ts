import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inCI } from '../../tests/helpers/browser.ts';
import { canWatchMemory, memoryBudget, processRss, processTree, watchMemory } from './memory-watch.ts';

const MiB = 1024 ** 2;
// The builds this guards run on Linux CI; a CI without /proc would lose the guard silently.
if (!canWatchMemory() && inCI()) throw new Error('CI is set but /proc/<pid>/status cannot be read: the build cannot watch its memory here.');

describe('memoryBudget', () => {
  it('is 3.5 GiB, or 60 % of the machine when that is less, unless SCARBOOK_EARLY_INDEX_MEMORY_MIB says', () => {
    expect(memoryBudget({})).toBeLessThanOrEqual(3.5 * 1024 * MiB);
    expect(memoryBudget({})).toBeGreaterThan(0);
    expect(memoryBudget({ SCARBOOK_EARLY_INDEX_MEMORY_MIB: '512' })).toBe(512 * MiB);
    expect(() => memoryBudget({ SCARBOOK_EARLY_INDEX_MEMORY_MIB: 'lots' })).toThrow(/positive number of MiB, not "lots"/);
  });
});

describe.skipIf(!canWatchMemory())('watching a process tree (Linux /proc)', () => {
  it('counts a child and what it holds, and tells once when the tree passes the budget', async () => {
    // A child that holds ~200 MiB of touched memory until it is ended.
    const child = spawn(process.execPath, ['-e', "const b = Buffer.alloc(200 * 1024 * 1024, 1); process.stdout.write('ready'); setInterval(() => b[0]++, 1000);"]);
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const pid = child.pid!;
      expect(processTree(process.pid)).toContain(pid);
      expect(processRss(pid)).toBeGreaterThan(190 * MiB);
      expect(processRss(2 ** 22 + 1)).toBe(0); // no such process
      const own = processRss(process.pid);
      const told: number[] = [];
      // Budget between this process alone and this process with its child: only the child can pass it.
      const stop = watchMemory(process.pid, own + 100 * MiB, (bytes) => told.push(bytes), 20);
      await new Promise((resolve) => setTimeout(resolve, 200));
      stop();
      expect(told).toHaveLength(1);
      expect(told[0]).toBeGreaterThan(own + 190 * MiB);
      const quiet: number[] = [];
      const stopQuiet = watchMemory(process.pid, own + 4096 * MiB, (bytes) => quiet.push(bytes), 20);
      await new Promise((resolve) => setTimeout(resolve, 100));
      stopQuiet();
      expect(quiet).toEqual([]);
    } finally {
      child.kill();
    }
  }, 30_000);
});
