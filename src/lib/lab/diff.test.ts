import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceSnapshotSchema, type Entity } from '../../schemas/lab.ts';
import { changeMarkdown, commitSubject, diffEntities, isEmptyChange, summarize } from './diff.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** The real example snapshot of the Docker daemon on nas. */
const real = (): Entity[] => SourceSnapshotSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'content/lab/sources/docker-nas.json'), 'utf8'))).entities;
const withImage = (list: Entity[], id: string, image: string) => list.map((e) => (e.id === id ? { ...e, attributes: { ...e.attributes, image } } : e));

describe('the lab change summary', () => {
  it('says nothing changed for the same lab', () => {
    const change = diffEntities(real(), real());
    expect(isEmptyChange(change)).toBe(true);
    expect(summarize(change)).toBe('no change in the lab');
    expect(changeMarkdown(change)).toBe('');
  });

  it('shows a new tag of the same image as "old → new"', () => {
    const before = withImage(real(), 'container:nas/pihole', 'pihole/pihole:2024.07');
    const after = withImage(real(), 'container:nas/pihole', 'pihole/pihole:2025.02');
    expect(summarize(diffEntities(before, after))).toBe('pihole image 2024.07 → 2025.02');
    const other = withImage(real(), 'container:nas/pihole', 'ghcr.io/pi-hole/pihole:2025.02');
    expect(summarize(diffEntities(before, other))).toBe('pihole image pihole/pihole:2024.07 → ghcr.io/pi-hole/pihole:2025.02');
  });

  it('counts an entity that several sources see once', () => {
    const host = real().find((e) => e.id === 'host:nas')!;
    const change = diffEntities([], [host, { ...host, sources: ['nas'] }]);
    expect(change.added).toHaveLength(1);
    expect(summarize(change)).toBe('1 host added');
  });

  it('writes the subject and the Markdown body of a commit', () => {
    const before = withImage(real(), 'container:nas/pihole', 'pihole/pihole:2024.07').filter((e) => !/^container:nas\/(scratch|vaultwarden|postgres)$/.test(e.id));
    const after = withImage(real(), 'container:nas/pihole', 'pihole/pihole:2025.02');
    const change = diffEntities(before, after);
    expect(commitSubject(change)).toBe('lab: 3 containers added on nas, pihole image 2024.07 → 2025.02');
    expect(changeMarkdown(change)).toBe([
      '### Added',
      '',
      '- container `container:nas/postgres` (seen by docker-nas)',
      '- container `container:nas/scratch` (seen by docker-nas)',
      '- container `container:nas/vaultwarden` (seen by docker-nas)',
      '',
      '### Changed',
      '',
      '- pihole image: `pihole/pihole:2024.07` → `pihole/pihole:2025.02` (`container:nas/pihole`)',
      '',
    ].join('\n'));
  });

  it('cuts a long subject at whole parts and says how many more', () => {
    const before = real();
    const after = before.map((e) => (e.kind === 'container' ? { ...e, status: 'exited' as const, attributes: { ...e.attributes, image: 'scarbook/busybox:next' } } : e));
    const subject = commitSubject(diffEntities(before, after));
    expect(subject).toBe('lab: nextcloud status running → exited and 9 more');
    expect(commitSubject(diffEntities(before, after), 'lab: ', 100)).toBe('lab: nextcloud status running → exited, nextcloud image test → next and 8 more');
  });
});
