import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JournalInput } from '../../src/schemas/drill-journal.ts';
import { ROOT } from '../helpers/build-site.ts';

const DAY = 86_400_000;

/**
 * A small lab for the drill pages. The three drills, the runbooks and decisions that name them,
 * and the journals are TEST DATA made up here; the lab snapshot (docker-nas) is the example
 * lab's real recording, copied so entity pages exist.
 */
export function writeDrillFixture(now = Date.now()): { dir: string; at: (daysAgo: number) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-drills-site-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  // An hour past the whole day, so "12 days ago" holds however long the build takes.
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY - 3_600_000).toISOString();
  const drill = (target: string, title: string) =>
    `---\ntitle: ${title}\ntargets: [${target}]\nmode: sandbox\nhypothesis: It comes back.\nmax_age: 30d\nrecovery:\n  timeout: 60s\n  poll_interval: 2s\nsteady_state:\n  - type: tcp\n    host: 127.0.0.1\n    port: 53\nfault:\n  - type: crash\n    container: pihole\n---\n# ${title}\n\nTest drill.\n`;
  write('drills/kill-dns.md', drill('container:nas/pihole', 'Kill the test DNS'));
  write('drills/old-restore.md', drill('volume:nas/pihole_data', 'Old restore drill'));
  write('drills/never-run.md', drill('host:nas', 'Never run drill'));
  write('runbooks/dns.md', '---\ntitle: DNS is down\nservices: [container:nas/pihole]\nexercised_by: kill-dns\n---\n# DNS is down\n\n## Fix\n\nStart it.\n');
  write('runbooks/restore.md', '---\ntitle: Restore the DNS data\n---\n# Restore the DNS data\n\n## Verify\n\nExercised by the [old restore drill](../drills/old-restore.md) every month.\n\n## See also\n\nThe [kill drill](../drills/kill-dns.md) is not a claim.\n');
  write('decisions/0001-one-dns.md', '---\nstatus: accepted\ndate: 2026-01-10\n---\n# One DNS server\n\n## Decision Outcome\n\nOne.\n\n### Confirmation\n\nThe [kill drill](../drills/kill-dns.md) runs monthly.\n');
  write('decisions/0002-backups.md', '---\nstatus: accepted\ndate: 2026-02-10\nconfirmed_by: [old-restore, never-run, no-such-drill]\n---\n# Back up the DNS data\n\nText.\n');

  const journal = (drillId: string, daysAgo: number, rest: Partial<JournalInput>): JournalInput => ({
    schemaVersion: 1, drill: drillId, definitionHash: 'test', origin: 'runner', labSnapshot: null, targets: [], mode: 'sandbox',
    operator: 'test-operator', startedAt: at(daysAgo), finishedAt: at(daysAgo), outcome: 'survived', recoveryMs: 1000, rollbackOk: true, events: [], ...rest,
  });
  const put = (j: JournalInput) => write(`lab/drills/${j.drill}/${j.startedAt.replace(/:/g, '-')}.json`, `${JSON.stringify(j, null, 2)}\n`);
  put(journal('kill-dns', 40, { outcome: 'failed', recoveryMs: null, operator: 'test-operator-1', reason: 'steady state not back within 1m' }));
  put(journal('kill-dns', 12, { outcome: 'survived', recoveryMs: 14_000, operator: 'test-operator-2', origin: 'manual' }));
  put(journal('old-restore', 100, { restore: { tool: 'restic', repository: '/srv/restic', snapshot: 'abcd1234', files: 3, bytes: 30, checksumsCompared: 3, restoreMs: 900, verified: true } }));

  // Real recorded lab data: entities for the drills to aim at.
  mkdirSync(path.join(dir, 'lab/sources'), { recursive: true });
  copyFileSync(path.join(ROOT, 'content/lab/sources/docker-nas.json'), path.join(dir, 'lab/sources/docker-nas.json'));
  const status = JSON.parse(readFileSync(path.join(ROOT, 'content/lab/pull-status.json'), 'utf8')) as { sources: { name: string }[] };
  write('lab/pull-status.json', JSON.stringify({ ...status, sources: status.sources.filter((s) => s.name === 'docker-nas') }, null, 2));
  return { dir, at };
}
