import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalSchema } from '../../src/schemas/drill-journal.ts';
import { readJournals } from '../../src/lib/drills/read-journals.ts';
import { recordManualDrill } from './record-manual.ts';
import { drillRoot, type DrillRoot } from './testing/drill-root.ts';

describe('drill:record', () => {
  let lab: DrillRoot;
  beforeAll(() => {
    lab = drillRoot();
    lab.writeDrill('pull-disk', {
      targets: ['host:nas'], mode: 'production', hypothesis: 'The mirror keeps the pool online.',
      steady_state: [{ type: 'command', ssh: 'root@nas', run: 'zpool status -x', output_contains: 'all pools are healthy' }],
      fault: [{ type: 'manual', instructions: 'Pull disk 2.' }],
    });
  });
  afterAll(() => lab.remove());
  const o = () => ({ contentPath: lab.contentPath, root: lab.root, env: { SCARBOOK_OPERATOR: 'Sam' } });

  it('writes a hand-done drill in the runner journal format, origin manual', async () => {
    const { journal, file } = await recordManualDrill('pull-disk', { outcome: 'survived', recovery: '2m 30s', notes: 'resilver took 40 min', at: '2026-11-15T10:30:00Z' }, o());
    expect(JournalSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual(journal);
    expect(journal).toMatchObject({ drill: 'pull-disk', origin: 'manual', outcome: 'survived', recoveryMs: 150_000, operator: 'Sam', startedAt: '2026-11-15T10:30:00.000Z', notes: 'resilver took 40 min', targets: ['host:nas'], mode: 'production' });
    expect(file.endsWith('content/lab/drills/pull-disk/2026-11-15T10-30-00Z.json')).toBe(true);
    expect(readJournals(lab.contentPath, lab.root).map((j) => j.outcome)).toEqual(['survived']);
  });

  it.each([
    [{ outcome: 'passed' }, '--outcome: got "passed"; expected one of survived | degraded | failed | aborted | error'],
    [{ outcome: 'survived' }, '--recovery: a survived drill needs its time to recover (e.g. --recovery 2m30s)'],
    [{ outcome: 'survived', recovery: 'quick' }, '--recovery: got "quick"; expected a duration like "45s" or "2m 30s"'],
    [{ outcome: 'failed', recovery: '5m' }, '--recovery: a failed drill did not recover; leave --recovery out'],
    [{ outcome: 'failed', at: 'yesterday' }, '--at: got "yesterday"; expected a date-time like 2026-11-15T10:30:00Z'],
  ])('%j is refused: %s', async (record, message) => {
    await expect(recordManualDrill('pull-disk', record, o())).rejects.toThrow(message);
  });
});
