import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../check.ts';

/** A throwaway project: a content folder and a config pointing at it. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-check-'));
  writeFileSync(path.join(root, 'scarbook.config.json'), JSON.stringify({ contentDir: 'content' }));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, 'content', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

const dns = `---
title: DNS outage
decisions: ["0002"]
---

# DNS outage

## Check the container

## Fix it
`;

describe('npm run check: links', () => {
  it('accepts working relative, anchored, site-absolute and in-page links', async () => {
    const root = project({
      'runbooks/dns/dns-outage.md': dns,
      'runbooks/storage/restore.md': `# Restore

See [DNS](../dns/dns-outage.md), [its check](../dns/dns-outage.md#check-the-container),
[the page](/runbooks/dns/dns-outage/#fix-it), [below](#verify), [tags](/tags/), https://example.org/

## Verify
`,
      'decisions/0002-pihole.md': '---\nstatus: accepted\ndate: 2025-01-01\n---\n# Pi-hole\n',
    });
    const { problems } = await runCheck(root);
    expect(problems).toEqual([]);
  });

  it('reports each broken link with file, line, column and why', async () => {
    const root = project({
      'runbooks/dns/dns-outage.md': dns,
      'runbooks/storage/restore.md': `---
title: Restore
---
# Restore

Broken: [missing file](../dns/nope.md) and
[missing heading](../dns/dns-outage.md#check-the-daemon).

See [no page](/runbooks/gone/) and [here](#nowhere).
`,
      'decisions/0002-pihole.md': '---\nstatus: accepted\n---\n# Pi-hole\n',
      'incidents/2026-01-01-x.md': '---\ndate: 2026-01-01\nseverity: minor\nfollow_up:\n  decisions: ["0009"]\n  runbooks: [dns/dns-outag]\n---\n',
      'runbooks/dns/exercised.md': '---\nexercised_by: kill-dnz\n---\n# Exercised\n',
    });
    const { problems } = await runCheck(root);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      'content/incidents/2026-01-01-x.md:5:1: names decision "0009", but no file in decisions/ is numbered 0009',
      'content/incidents/2026-01-01-x.md:6:1: follow_up.runbooks names "dns/dns-outag", but there is no runbook with that id (path under runbooks/ without extension)',
      'content/runbooks/dns/exercised.md:2:1: exercised_by names drill "kill-dnz", but there is no drill with that id (path under drills/ without extension)',
      'content/runbooks/storage/restore.md:6:9: broken link "../dns/nope.md": no file content/runbooks/dns/nope.md',
      'content/runbooks/storage/restore.md:7:1: broken link "../dns/dns-outage.md#check-the-daemon": no heading "check-the-daemon" in content/runbooks/dns/dns-outage.md (headings: check-the-container, fix-it)',
      'content/runbooks/storage/restore.md:9:5: broken link "/runbooks/gone/": no page at /runbooks/gone/',
      'content/runbooks/storage/restore.md:9:36: broken link "#nowhere": no heading "nowhere" in this file',
    ]);
  });

  it('checks Hugo `{{< ref >}}` shortcode links too', async () => {
    const root = project({
      'runbooks/node/NodeRAIDDegraded.md': '# NodeRAIDDegraded\n',
      'runbooks/node/NodeRAIDDiskFailure.md': '# Disk\n\nSee [ok]({{< ref "./NodeRAIDDegraded.md" >}}) and\nsee [gone]({{< ref "./NodeRAIDGone.md" >}}).\n',
    });
    const { problems } = await runCheck(root);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      'content/runbooks/node/NodeRAIDDiskFailure.md:4:5: broken link "./NodeRAIDGone.md": no file content/runbooks/node/NodeRAIDGone.md',
    ]);
  });

  it('reports invalid front matter as a problem of its file', async () => {
    const root = project({ 'runbooks/x.md': '---\nmode: prod\n---\n# X\n' });
    const { problems } = await runCheck(root);
    expect(problems).toEqual([{ file: 'content/runbooks/x.md', line: 1, column: 1, gate: 'front-matter', message: 'invalid front matter: mode: got "prod"; expected one of "production" | "sandbox"' }]);
  });

  it('passes on the example lab shipped in content/', async () => {
    const { problems, files } = await runCheck(path.resolve(import.meta.dirname, '../..'));
    // Warnings and notices about the lab (documents naming guests no source here can pull, drills
    // not yet run) are expected; only errors fail `npm run check`.
    expect(problems.filter((p) => (p.severity ?? 'error') === 'error')).toEqual([]);
    expect(files).toBeGreaterThanOrEqual(20);
  });
});
