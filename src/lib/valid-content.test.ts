import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, VALID_CONTENT } from './valid-content.ts';

describe('checkContent', () => {
  it('checks again only the files changed since the last check found them valid, and every invalid one', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'scarbook-valid-content-'));
    const content = path.join(root, 'content');
    const record = path.join(root, 'cache', VALID_CONTENT);
    const write = (file: string, text: string, ago = 0) => {
      mkdirSync(path.dirname(path.join(content, file)), { recursive: true });
      writeFileSync(path.join(content, file), text);
      const when = new Date(Date.now() - ago);
      utimesSync(path.join(content, file), when, when);
    };
    write('runbooks/dns/outage.md', '# DNS outage\n', 3_600_000);
    write('runbooks/disk/full.md', '---\nmode: sandbox\n---\n# Disk full\n', 3_600_000);

    expect(await checkContent(content, root, record)).toEqual({ files: 2, checked: 2, errors: [] });
    expect(await checkContent(content, root, record)).toEqual({ files: 2, checked: 0, errors: [] });

    // An edit that breaks the front matter is found, and found again until it is fixed.
    write('runbooks/disk/full.md', '---\nmode: prod\n---\n# Disk full\n', 60_000);
    for (let i = 0; i < 2; i += 1) {
      const { checked, errors } = await checkContent(content, root, record);
      expect(checked).toBe(1);
      expect(errors.map((e) => e.file)).toEqual(['content/runbooks/disk/full.md']);
      expect(errors[0]!.message).toContain('mode: got "prod"');
    }
    write('runbooks/disk/full.md', '---\nmode: production\n---\n# Disk full\n', 30_000);
    expect(await checkContent(content, root, record)).toEqual({ files: 2, checked: 1, errors: [] });
    expect(await checkContent(content, root, record)).toEqual({ files: 2, checked: 0, errors: [] });
  });

  it('trusts nothing from a record that is missing or unreadable', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'scarbook-valid-content-'));
    mkdirSync(path.join(root, 'content/runbooks'), { recursive: true });
    writeFileSync(path.join(root, 'content/runbooks/a.md'), '# A\n');
    const record = path.join(root, VALID_CONTENT);
    writeFileSync(record, '{ not json');
    expect((await checkContent(path.join(root, 'content'), root, record)).checked).toBe(1);
  });
});
