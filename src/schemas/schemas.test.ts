import { describe, expect, it } from 'vitest';
import { DurationSchema, parseDuration, decisionNumber } from './common.ts';
import { DecisionSchema, parseStatus } from './decision.ts';
import { DrillSchema } from './drill.ts';
import { ContentError, parseFrontmatter } from './format-error.ts';
import { IncidentSchema } from './incident.ts';
import { RunbookSchema } from './runbook.ts';

function errorOf(fn: () => unknown): ContentError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ContentError) return e;
    throw e;
  }
  throw new Error('expected a ContentError');
}

describe('runbook front matter', () => {
  it('accepts a full runbook and normalises tags and decision numbers', () => {
    const data = parseFrontmatter(
      RunbookSchema,
      { title: 'DNS outage', tags: ['DNS', 'dns', 'Outage'], services: ['container:nas/pihole'], mode: 'production', last_verified: new Date('2026-09-14'), decisions: [2, 'ADR-0005', '0007'] },
      'content/runbooks/dns.md',
    );
    expect(data.tags).toEqual(['dns', 'outage']);
    expect(data.decisions).toEqual(['0002', '0005', '0007']);
    expect(data.last_verified?.toISOString().slice(0, 10)).toBe('2026-09-14');
  });

  it('accepts no front matter at all (a pasted Markdown file)', () => {
    expect(parseFrontmatter(RunbookSchema, {}, 'x.md')).toEqual({ tags: [], services: [], decisions: [], exercised_by: [] });
  });

  it('accepts Hugo front matter (weight, aliases) unchanged', () => {
    const data = parseFrontmatter(RunbookSchema, { title: 'Node Clock Skew Detected', weight: 20, aliases: ['/x/'], bookHidden: true }, 'x.md');
    expect(data.weight).toBe(20);
  });

  it('names the file, every bad field, the value given and what was expected', () => {
    const e = errorOf(() => parseFrontmatter(RunbookSchema, { mode: 'prod', services: ['pihole'], last_verified: 'last tuesday' }, 'content/runbooks/dns/dns-outage.md'));
    expect(e.message).toContain('content/runbooks/dns/dns-outage.md: invalid front matter');
    expect(e.lines).toEqual([
      'services[0]: got "pihole"; expected an entity id of the form kind:name, like "host:nas" or "container:nas/pihole"',
      'mode: got "prod"; expected one of "production" | "sandbox"',
      'last_verified: got "last tuesday"; expected a date like 2026-09-14',
    ]);
    expect(e.message).toMatch(/Fix the front matter above/);
  });
});

describe('decision front matter (MADR 4 verbatim)', () => {
  it('accepts the MADR 4 fields, with hyphenated keys and free-text status', () => {
    const data = parseFrontmatter(
      DecisionSchema,
      { status: 'superseded by ADR-0012', date: new Date('2025-03-02'), 'decision-makers': ['alex', 'sam'], consulted: 'kim', informed: ['household'] },
      'x.md',
    );
    expect(data['decision-makers']).toEqual(['alex', 'sam']);
    expect(data.consulted).toEqual(['kim']);
  });

  it('rejects an unknown status with the accepted forms', () => {
    const e = errorOf(() => parseFrontmatter(DecisionSchema, { status: 'acepted' }, 'content/decisions/0001-x.md'));
    expect(e.lines).toEqual(['status: got "acepted"; expected one of proposed, accepted, rejected, deprecated, or "superseded by ADR-NNNN"']);
  });

  it.each([
    ['accepted', { status: 'accepted' }],
    ['Accepted', { status: 'accepted' }],
    ['superseded by ADR-0012', { status: 'superseded', supersededBy: '0012' }],
    ['Superseded by [3. Use restic for backups](0003-use-restic-for-backups.md)', { status: 'superseded', supersededBy: '0003' }],
    ['superseded', { status: 'superseded' }],
    ['Deprecated', { status: 'deprecated' }],
    ['maybe', null],
  ])('parseStatus(%j)', (text, expected) => {
    expect(parseStatus(text)).toEqual(expected);
  });
});

describe('drill definitions', () => {
  const valid = {
    targets: ['container:nas/pihole'],
    mode: 'production',
    hypothesis: 'Docker restarts pihole within 30 seconds.',
    steady_state: [{ type: 'dns', server: '192.168.1.2', name: 'nas.lab.example', expect: '192.168.1.10' }, { type: 'http', url: 'http://127.0.0.1:8080/', latency_under: '500ms' }],
    fault: [{ type: 'docker', action: 'kill', container: 'pihole' }, { type: 'manual', instructions: 'Pull the power of pve2' }],
    rollback: [{ type: 'docker', action: 'start', container: 'pihole' }],
  };

  it('parses durations and fills defaults', () => {
    const d = parseFrontmatter(DrillSchema, valid, 'x.md');
    expect(d.max_age).toBe(30 * 86_400_000);
    expect(d.recovery).toEqual({ timeout: 60_000, poll_interval: 2_000 });
    expect(d.steady_state[1]).toMatchObject({ status: 200, latency_under: 500 });
  });

  it('names an unknown probe type and the types that exist', () => {
    const e = errorOf(() => parseFrontmatter(DrillSchema, { ...valid, steady_state: [{ type: 'ping', host: 'nas' }] }, 'content/drills/x.md'));
    expect(e.lines[0]).toMatch(/^steady_state\[0\]\.type: got "ping"; expected one of the known types \("http" \| "tcp" \| "dns" \| "command" \| "docker_health" \| "prometheus"\)$/);
  });

  it('rejects a duration it cannot read', () => {
    const e = errorOf(() => parseFrontmatter(DrillSchema, { ...valid, max_age: 'a month' }, 'x.md'));
    expect(e.lines).toEqual(['max_age: got "a month"; expected a duration like "30s", "5m", "2h 15m" or "30d"']);
  });

  it('requires targets, a hypothesis, probes and a fault', () => {
    const e = errorOf(() => parseFrontmatter(DrillSchema, { mode: 'sandbox' }, 'x.md'));
    expect(e.lines.map((l) => l.split(':')[0])).toEqual(['targets', 'hypothesis', 'steady_state', 'fault']);
  });
});

describe('incidents', () => {
  it('parses a postmortem', () => {
    const i = parseFrontmatter(IncidentSchema, { date: new Date('2026-02-07'), duration: '2h 15m', severity: 'major', follow_up: { decisions: ['6'], runbooks: ['dns/dns-outage'] } }, 'x.md');
    expect(i.duration).toBe(8_100_000);
    expect(i.follow_up.decisions).toEqual(['0006']);
  });
  it('rejects a severity it does not know', () => {
    const e = errorOf(() => parseFrontmatter(IncidentSchema, { date: new Date(), severity: 'sev1' }, 'x.md'));
    expect(e.lines).toEqual(['severity: got "sev1"; expected one of "critical" | "major" | "minor"']);
  });
});

describe('durations and decision numbers', () => {
  it.each([
    ['30s', 30_000], ['5m', 300_000], ['2h 15m', 8_100_000], ['1h30m', 5_400_000], ['30d', 2_592_000_000], ['500ms', 500], ['soon', null], ['5 m x', null],
  ])('parseDuration(%j) = %j', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it('reads a bare number as seconds', () => expect(DurationSchema.parse(90)).toBe(90_000));
  it.each([[2, '0002'], ['0012', '0012'], ['ADR-0005', '0005'], ['adr 7', '0007'], ['nope', null]])('decisionNumber(%j)', (ref, n) => expect(decisionNumber(ref)).toBe(n));
});
