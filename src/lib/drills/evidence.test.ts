import { describe, expect, it } from 'vitest';
import type { Journal } from '../../schemas/drill-journal.ts';
import { buildEvidence, lastObserved, lastProven } from './evidence.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-22T12:00:00Z');
const run = (drill: string, outcome: Journal['outcome'], daysAgo: number): Journal => {
  const at = new Date(now.getTime() - daysAgo * DAY).toISOString();
  return { schemaVersion: 1, drill, definitionHash: 'h', origin: 'runner', labSnapshot: null, targets: [], mode: 'sandbox', operator: 't', startedAt: at, finishedAt: at, outcome, recoveryMs: 1000, rollbackOk: true, events: [] };
};

describe('buildEvidence', () => {
  it('gives every drill a status, never-run ones included, and every target the worst of its drills', () => {
    const drills = [
      { id: 'kill-dns', targets: ['container:nas/pihole'], maxAge: 30 * DAY },
      { id: 'power', targets: ['host:pve2', 'container:nas/pihole'], maxAge: 90 * DAY },
      { id: 'never', targets: ['host:edge'], maxAge: 30 * DAY },
    ];
    const e = buildEvidence(drills, [run('kill-dns', 'survived', 12), run('power', 'failed', 3)], now);
    expect(e.status.get('kill-dns')).toMatchObject({ status: 'survived', ageDays: 12 });
    expect(e.status.get('never')).toMatchObject({ status: 'never-tested', latest: null });
    expect(e.byEntity.get('container:nas/pihole')?.status).toBe('failed');
    expect(e.byEntity.get('host:edge')?.status).toBe('never-tested');
    expect(e.byEntity.has('host:unrelated')).toBe(false);
  });
});

describe('lastProven', () => {
  it('is the newest survived run among the drills, even when a later run failed', () => {
    const journals = [run('a', 'survived', 40), run('b', 'survived', 10), run('a', 'failed', 2), run('c', 'survived', 1)];
    expect(lastProven(['a', 'b'], journals)).toEqual({ drill: 'b', at: new Date(now.getTime() - 10 * DAY) });
    expect(lastProven(['a'], journals)).toEqual({ drill: 'a', at: new Date(now.getTime() - 40 * DAY) });
    expect(lastProven(['x'], journals)).toBeNull();
  });
});

describe('lastObserved', () => {
  const entities = new Map([
    ['container:nas/pihole', { sources: ['docker-nas'] }],
    ['host:nas', { sources: ['docker-nas', 'node-exporter'] }],
  ]);
  const sources = [
    { name: 'docker-nas', lastSuccess: '2026-11-20T08:00:00Z' },
    { name: 'node-exporter', lastSuccess: '2026-11-21T08:00:00Z' },
  ];
  it('takes each entity\'s freshest source, then the stalest entity; unknown ids are listed apart', () => {
    expect(lastObserved(['host:nas', 'container:nas/pihole', 'vm:gone/1'], entities, sources)).toEqual({
      oldest: { at: new Date('2026-11-20T08:00:00Z'), entity: 'container:nas/pihole' },
      unseen: ['vm:gone/1'],
    });
    expect(lastObserved(['host:nas'], entities, sources).oldest?.at).toEqual(new Date('2026-11-21T08:00:00Z'));
    expect(lastObserved([], entities, sources)).toEqual({ oldest: null, unseen: [] });
  });
});
