import { describe, expect, it } from 'vitest';
import type { RunbookPage } from './content.ts';
import { NAV_LIMIT, runbookNav } from './nav.ts';

// Only what the sidebar reads of a runbook.
const runbook = (folder: string, n: number) => ({ folder, title: `${folder || 'root'} ${n}`, url: `/runbooks/${folder}/r${n}/` }) as unknown as RunbookPage;
const all = [
  ...Array.from({ length: 3 }, (_, i) => runbook('dns', i)),
  ...Array.from({ length: 70 }, (_, i) => runbook('storage', i)),
  runbook('', 0),
  ...Array.from({ length: 2 }, (_, i) => runbook('backup', i)),
];
const titles = new Map([['storage', { title: 'Storage' }]]);

describe('runbookNav', () => {
  it('lists the runbooks of the current folder, all folders sorted, and marks the current ones', () => {
    const nav = runbookNav(all, all[1]!, titles);
    expect(nav.heading).toBe('dns');
    expect(nav.items.map((i) => [i.label, i.current])).toEqual([['dns 0', false], ['dns 1', true], ['dns 2', false]]);
    expect(nav.groups.map((g) => [g.label, g.current])).toEqual([['Other', false], ['backup', false], ['dns', true], ['Storage', false]]);
    expect(nav.more).toBeUndefined();
  });

  it('shows a window of NAV_LIMIT runbooks around the current one in a big folder, and links to the rest', () => {
    const storage = all.filter((r) => r.folder === 'storage');
    const middle = runbookNav(all, storage[40]!, titles);
    expect(middle.items).toHaveLength(NAV_LIMIT);
    expect(middle.items[0]!.label).toBe(`storage ${40 - NAV_LIMIT / 2}`);
    expect(middle.items.find((i) => i.current)?.label).toBe('storage 40');
    expect(middle.more?.label).toBe('All 70 in this folder');
    // At either end the window stays full.
    expect(runbookNav(all, storage[0]!, titles).items[0]!.label).toBe('storage 0');
    expect(runbookNav(all, storage[69]!, titles).items.at(-1)!.label).toBe('storage 69');
    expect(runbookNav(all, storage[69]!, titles).items).toHaveLength(NAV_LIMIT);
  });

  it('answers from the list it is given, not from an earlier one', () => {
    const fewer = all.filter((r) => r.folder !== 'backup');
    expect(runbookNav(fewer, all[1]!, titles).groups.map((g) => g.label)).toEqual(['Other', 'dns', 'Storage']);
  });
});
