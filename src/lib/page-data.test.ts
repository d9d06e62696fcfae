import { describe, expect, it } from 'vitest';
import { onReleasePageData, releasePageData } from './page-data.ts';

describe('releasePageData', () => {
  it('calls every registered release once, then forgets them', () => {
    const calls: string[] = [];
    onReleasePageData(() => calls.push('lab'));
    onReleasePageData(() => calls.push('architecture'));
    releasePageData();
    expect(calls).toEqual(['lab', 'architecture']);
    // Registered again by the next build's modules, not replayed from this one.
    releasePageData();
    expect(calls).toEqual(['lab', 'architecture']);
  });

  it('collects garbage: an object only the released memo held is gone', async () => {
    let memo: object | undefined = { big: new Array(1_000).fill('x') };
    const ref = new WeakRef(memo);
    onReleasePageData(() => {
      memo = undefined;
    });
    releasePageData();
    // WeakRef targets are kept until the end of the current job: look again after it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    releasePageData();
    expect(memo).toBeUndefined();
    expect(ref.deref()).toBeUndefined();
  });
});
