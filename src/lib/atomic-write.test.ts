import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.ts';

describe('writeFileAtomic', () => {
  it('creates the folder when missing and replaces the file whole, leaving no temp file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-atomic-'));
    const file = path.join(dir, 'a', 'b', 'x.json');
    await writeFileAtomic(file, 'first');
    writeFileAtomicSync(file, 'second', { fsync: false });
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['x.json']);
  });

  it('on failure throws and removes its temp file, the old content untouched', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-atomic-'));
    // A folder where the file should be: the rename over it fails.
    const target = path.join(dir, 'taken');
    mkdirSync(path.join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomicSync(target, 'text')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });
});
