import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputsDigest, readSearchManifest, writeSearchManifest, type SearchManifest } from './search-manifest.ts';

const HASH = 'a'.repeat(64);

function project(): { root: string; content: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-search-manifest-'));
  const content = path.join(root, 'content');
  mkdirSync(path.join(content, 'runbooks'), { recursive: true });
  mkdirSync(path.join(content, 'lab/sources'), { recursive: true });
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(content, 'runbooks/dns.md'), '# DNS\n');
  writeFileSync(path.join(content, 'lab/sources/docker.json'), '{}\n');
  writeFileSync(path.join(root, 'src/page.ts'), 'export {};\n');
  return { root, content };
}

describe('search manifest', () => {
  it('is written sorted and read back; an unreadable one is no manifest', () => {
    const { root } = project();
    const file = path.join(root, 'manifest.json');
    const manifest: SearchManifest = {
      format: 2,
      inputs: HASH,
      bundles: { documents: HASH, lab: HASH },
      pages: [{ file: 'runbooks/z/index.html', sha256: HASH }, { file: 'lab/a/index.html', sha256: HASH, source: 'lab.md', sourceSha256: HASH }],
    };
    writeSearchManifest(file, manifest);
    expect(readSearchManifest(file)?.pages.map((p) => p.file)).toEqual(['lab/a/index.html', 'runbooks/z/index.html']);
    // A record of another format (format 1 had one bundle), or without a bundle's entry, is none.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"format": 2', '"format": 1'));
    expect(readSearchManifest(file)).toBeUndefined();
    writeSearchManifest(file, manifest);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"lab"', '"elsewhere"'));
    expect(readSearchManifest(file)).toBeUndefined();
    writeFileSync(file, '{ half');
    expect(readSearchManifest(file)).toBeUndefined();
    expect(readSearchManifest(path.join(root, 'missing.json'))).toBeUndefined();
  });

  it('digests everything but the documents: a lab file or the code changes it, a document does not', () => {
    const { root, content } = project();
    const sources = new Set(['runbooks/dns.md']);
    const before = inputsDigest(root, content, sources);
    writeFileSync(path.join(content, 'runbooks/dns.md'), '# DNS\n\nEdited.\n');
    expect(inputsDigest(root, content, sources)).toBe(before);
    writeFileSync(path.join(content, 'lab/sources/docker.json'), '{"changed": true}\n');
    const afterLab = inputsDigest(root, content, sources);
    expect(afterLab).not.toBe(before);
    writeFileSync(path.join(root, 'src/page.ts'), 'export const changed = 1;\n');
    expect(inputsDigest(root, content, sources)).not.toBe(afterLab);
    // A document the last build did not have is news for every list: not one of the sources.
    const withNew = inputsDigest(root, content, sources);
    writeFileSync(path.join(content, 'runbooks/new.md'), '# New\n');
    expect(inputsDigest(root, content, sources)).not.toBe(withNew);
  });
});
