import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullLab } from '../../scripts/lab/pull.ts';
import { readLab } from '../../src/lib/lab/read-lab.ts';
import { ROOT } from '../helpers/build-site.ts';

const LAB = path.join(ROOT, 'content/lab');

describe('the example lab in content/lab', () => {
  it('is exactly what the collectors produce from the recorded raw output (never hand-written)', async () => {
    const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-example-lab-'));
    cpSync(path.join(LAB, 'sources.yaml'), path.join(contentPath, 'lab/sources.yaml'));
    const result = await pullLab({ contentPath, replay: path.join(LAB, 'recorded') });
    expect(result.failed).toEqual([]);
    const committed = readdirSync(path.join(LAB, 'sources')).sort();
    expect(readdirSync(path.join(contentPath, 'lab/sources')).sort()).toEqual(committed);
    for (const f of committed) {
      expect(readFileSync(path.join(contentPath, 'lab/sources', f), 'utf8'), f).toBe(readFileSync(path.join(LAB, 'sources', f), 'utf8'));
    }
  });

  it('merges into one NAS with its containers, data, backups, routes and monitoring', () => {
    const lab = readLab(path.join(ROOT, 'content'), ROOT);
    const ids = lab.entities.map((e) => e.id);
    // One NAS however many sources saw it; the backup box Ansible could not reach is kept, as down.
    expect(ids.filter((id) => id.startsWith('host:'))).toEqual(['host:backup-box', 'host:nas']);
    const nas = lab.entities.find((e) => e.id === 'host:nas')!;
    expect(nas.sources).toEqual(['ansible', 'docker-nas', 'nas', 'node-exporter']);
    expect(lab.entities.find((e) => e.id === 'host:backup-box')).toMatchObject({ status: 'down', attributes: { unreachable: { message: expect.stringContaining('Could not resolve hostname backup-box.invalid') } } });
    expect(ids).toEqual(expect.arrayContaining(['container:nas/pihole', 'container:nas/postgres', 'container:nas/nextcloud', 'container:nas/vaultwarden', 'route:cloud.lab.example', 'volume:nas/postgres_data']));
    const has = (from: string, type: string, to: string) => lab.edges.some((e) => e.from === from && e.type === type && e.to === to);
    expect(has('container:nas/nextcloud', 'depends-on', 'container:nas/postgres')).toBe(true);
    expect(has('route:cloud.lab.example', 'routes-to', 'container:nas/nextcloud')).toBe(true);
    expect(lab.edges.find((e) => e.from === 'container:nas/nextcloud' && e.to === 'container:nas/pihole' && e.type === 'depends-on')?.evidence).toEqual([{ kind: 'declared', file: 'content/services/nextcloud.md' }]);
    expect(lab.edges.some((e) => e.type === 'backed-up-by' && e.from === 'bind-mount:nas:/srv/homelab/nextcloud')).toBe(true);
    expect(lab.entities.find((e) => e.id === 'container:nas/postgres')!.status).toBe('healthy');
    expect(lab.entities.find((e) => e.id === 'container:nas/scratch')!.attributes.persistence).toBe('none');
  });
});
