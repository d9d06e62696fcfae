import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateContent } from '../../src/lib/validate-content.ts';
import { KINDS, nextDecisionNumber, scaffold } from './scaffold.ts';

const today = new Date('2026-11-22T10:00:00Z');

describe('npm run new', () => {
  it.each(KINDS)('creates a %s whose front matter the build accepts', async (kind) => {
    const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-new-'));
    const file = await scaffold({ contentPath, kind, title: 'Proxmox node failover', author: 'alex', today });
    const { errors, files } = await validateContent(contentPath);
    expect(errors).toEqual([]);
    expect(files).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toContain('Proxmox node failover');
  });

  it('numbers decisions after the highest existing number', async () => {
    const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-new-'));
    mkdirSync(path.join(contentPath, 'decisions'), { recursive: true });
    writeFileSync(path.join(contentPath, 'decisions/0001-record.md'), '# 1. Record\n');
    writeFileSync(path.join(contentPath, 'decisions/0007-restic.md'), '# Restic\n');
    expect(await nextDecisionNumber(path.join(contentPath, 'decisions'))).toBe('0008');
    const file = await scaffold({ contentPath, kind: 'decision', title: 'Second DNS resolver', author: 'alex', today });
    expect(path.basename(file)).toBe('0008-second-dns-resolver.md');
    expect(readFileSync(file, 'utf8')).toMatch(/^---\nstatus: proposed/);
  });

  it('puts runbooks in a folder, incidents under their date, and never overwrites', async () => {
    const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-new-'));
    const runbook = await scaffold({ contentPath, kind: 'runbook', title: 'Disk full', folder: 'storage', author: 'alex', today });
    expect(path.relative(contentPath, runbook)).toBe('runbooks/storage/disk-full.md');
    const incident = await scaffold({ contentPath, kind: 'incident', title: 'I broke DNS', author: 'alex', today });
    expect(path.relative(contentPath, incident)).toBe('incidents/2026-11-22-i-broke-dns.md');
    await expect(scaffold({ contentPath, kind: 'runbook', title: 'Disk full', folder: 'storage', author: 'alex', today })).rejects.toThrow(/already exists/);
    await expect(scaffold({ contentPath, kind: 'runbook', title: ' ', author: 'alex', today })).rejects.toThrow(/Give the new document a title/);
  });
});
