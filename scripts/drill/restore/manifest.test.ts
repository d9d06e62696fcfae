import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../lab/testing/server-process.ts';
import { readManifest, writeManifest } from './manifest.ts';
import { writeSampleData } from './testing-data.ts';
import { chooseSample } from './tree.ts';

const tmp = tempDir('manifest');
afterAll(() => tmp.remove());

describe('manifest', () => {
  it('lists every file with size and sha256, sorted, leaving itself out, and reads back', async () => {
    const folder = path.join(tmp.dir, 'data');
    writeSampleData(folder);
    const file = path.join(folder, 'manifest.json');
    const written = await writeManifest(folder, file, new Date('2026-11-01T02:30:00Z'));
    expect(written.fileCount).toBe(30);
    expect(written.files.map((f) => f.path)).toEqual([...written.files.map((f) => f.path)].sort());
    expect(written.files.some((f) => f.path === 'manifest.json')).toBe(false);
    expect(written.files[0]).toEqual({ path: 'docs/f00.bin', size: 640, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    expect(readManifest(file)).toEqual(written);
  });

  it('a damaged manifest fails naming the file and field', () => {
    const file = path.join(tmp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, generatedBy: 'x', root: '/x', writtenAt: '2026-11-01T00:00:00Z', fileCount: 1, bytes: 1, files: [{ path: 'a', size: 1, sha256: 'nope' }] }));
    expect(() => readManifest(file)).toThrow(/bad\.json: invalid front matter\n {2}- files\[0\]\.sha256: got "nope"/);
    writeFileSync(file, '{"schemaVersion": 1,');
    expect(() => readManifest(file)).toThrow(/bad\.json: not a readable manifest/);
  });
});

describe('chooseSample', () => {
  const paths = Array.from({ length: 50 }, (_, i) => `dir${i % 5}/file${i}`);
  it('is the same on every run, whatever the input order, and spread over folders', () => {
    const a = chooseSample(paths, 10);
    expect(chooseSample([...paths].reverse(), 10)).toEqual(a);
    expect(a).toHaveLength(10);
    expect(new Set(a.map((p) => p.split('/')[0])).size).toBeGreaterThan(2);
  });
  it('takes everything when asked for more than there is', () => {
    expect(chooseSample(paths.slice(0, 3), 10)).toEqual(paths.slice(0, 3).sort());
  });
});
