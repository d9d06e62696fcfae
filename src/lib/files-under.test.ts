import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesInside, filesUnder } from './files-under.ts';

describe('filesUnder / filesInside', () => {
  it('lists every file under a folder, sorted, folders and links left out', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-files-under-'));
    for (const file of ['b/index.html', 'a/b/c/index.html', 'a/index.html', 'index.html', '_astro/x.css']) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), file);
    }
    mkdirSync(path.join(dir, 'empty'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'link'));
    const inside = ['_astro/x.css', 'a/b/c/index.html', 'a/index.html', 'b/index.html', 'index.html'];
    expect(filesInside(dir)).toEqual(inside);
    expect(filesUnder(dir)).toEqual(inside.map((f) => path.join(dir, f)));
  });

  it('lists nothing for a folder that is not there, or a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-files-under-'));
    writeFileSync(path.join(dir, 'file'), '');
    expect(filesUnder(path.join(dir, 'missing'))).toEqual([]);
    expect(filesInside(path.join(dir, 'file'))).toEqual([]);
  });
});
