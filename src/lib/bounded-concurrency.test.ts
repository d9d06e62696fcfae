import { describe, expect, it } from 'vitest';
import { inOrder, mapLimit } from './bounded-concurrency.ts';

describe('mapLimit', () => {
  it('keeps order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapLimit([...Array(50).keys()], 4, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n % 3));
      inFlight -= 1;
      return n * 2;
    });
    expect(result).toEqual([...Array(50).keys()].map((n) => n * 2));
    expect(peak).toBe(4);
  });

  it('handles an empty list', async () => {
    expect(await mapLimit([], 8, async () => 1)).toEqual([]);
  });
});

describe('inOrder', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('uses the items in their order however the preparing finishes, within the limit', async () => {
    let preparing = 0;
    let preparingPeak = 0;
    let using = 0;
    let usingPeak = 0;
    const used: number[] = [];
    const items = [...Array(40).keys()];
    await inOrder(
      items,
      4,
      async (n) => {
        preparing += 1;
        preparingPeak = Math.max(preparingPeak, preparing);
        // Later items finish first: the order they come out in is the reverse of theirs.
        await sleep((40 - n) % 7);
        preparing -= 1;
        return n * 10;
      },
      async (n, prepared) => {
        expect(prepared).toBe(n * 10);
        used.push(n);
        using += 1;
        usingPeak = Math.max(usingPeak, using);
        await sleep(n % 3);
        using -= 1;
      },
    );
    expect(used).toEqual(items);
    expect(preparingPeak).toBeLessThanOrEqual(4);
    expect(preparingPeak).toBeGreaterThan(1);
    expect(usingPeak).toBeLessThanOrEqual(4);
    expect(using).toBe(0);
  });

  it('rejects with the first failure in order, with no unhandled rejection left behind', async () => {
    const used: number[] = [];
    const failing = inOrder(
      [1, 2, 3, 4, 5],
      2,
      async (n) => {
        if (n === 4) throw new Error('cannot read 4');
        return n;
      },
      async (n) => {
        if (n === 2) {
          await sleep(5);
          throw new Error('cannot use 2');
        }
        used.push(n);
      },
    );
    await expect(failing).rejects.toThrow('cannot use 2');
    expect(used).toEqual([1, 3]);
  });

  it('handles an empty list', async () => {
    let called = false;
    await inOrder([], 4, async () => (called = true), async () => (called = true));
    expect(called).toBe(false);
  });
});
