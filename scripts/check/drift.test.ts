import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntitySchema, type EntityInput } from '../../src/schemas/lab.ts';
import type { ContentFile } from '../../src/lib/validate-content.ts';
import { checkDrift, explainers } from './drift.ts';

const e = (id: string, kind: EntityInput['kind'], sources: string[], aliases: string[] = []) => EntitySchema.parse({ id, kind, name: id, sources, aliases });
const snapshots = [{ source: { name: 'netbox', type: 'netbox' } }, { source: { name: 'nas', type: 'linux-host' } }];

/** A lab where NetBox lists a retired server and misses a new one; each sits at a known line of its snapshot. */
function lab() {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-drift-'));
  const content = path.join(root, 'content');
  mkdirSync(path.join(content, 'lab/sources'), { recursive: true });
  writeFileSync(path.join(content, 'lab/sources/netbox.json'), '{\n  "entities": [\n    {\n      "id": "host:old-server"\n    }\n  ]\n}\n');
  writeFileSync(path.join(content, 'lab/sources/nas.json'), '{\n  "entities": [\n    { "id": "host:edge" }\n  ]\n}\n');
  const graph = { entities: [e('host:old-server', 'host', ['netbox']), e('host:edge', 'host', ['nas'], ['edge.lab.example'])], snapshots };
  return { root, content, graph };
}

const runbook = (root: string, file: string, services: string[]): ContentFile => ({ section: 'runbooks', file: path.join(root, file), body: '', data: { services } });

describe('policy gate: drift that no document explains', () => {
  it('warns about unexplained drift at the entity in the snapshot of a source that saw it', () => {
    const { root, content, graph } = lab();
    expect(checkDrift(graph, [], content, root).map((p) => `${p.severity} ${p.file}:${p.line} ${p.message.split('. ')[0]}`)).toEqual([
      'warning content/lab/sources/nas.json:3 drift: host host:edge runs (seen by nas) but netbox does not list it',
      'warning content/lab/sources/netbox.json:4 drift: host host:old-server is declared by netbox but no live source sees it',
    ]);
  });

  it('turns drift into a notice when a service note or a runbook names the entity (or one of its aliases)', () => {
    const { root, content, graph } = lab();
    const docs = explainers(
      [runbook(root, 'content/runbooks/edge.md', ['edge.lab.example']), runbook(root, 'content/runbooks/dns.md', ['service:dns'])],
      [{ entity: 'host:old-server', file: 'content/services/old-server.md' }],
      root,
    );
    expect(checkDrift(graph, docs, content, root).map((p) => `${p.severity} ${p.gate} ${p.message}`)).toEqual([
      'notice drift drift: host host:edge runs (seen by nas) but netbox does not list it (explained by content/runbooks/edge.md)',
      'notice drift drift: host host:old-server is declared by netbox but no live source sees it (explained by content/services/old-server.md)',
    ]);
  });

  it('tells the author how to explain it', () => {
    const { root, content, graph } = lab();
    expect(checkDrift(graph, [], content, root)[1]!.message).toContain('a content/services/*.md note with `entity: host:old-server`, or a runbook listing it in `services`');
  });
});
