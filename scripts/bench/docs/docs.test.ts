import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { DecisionSchema } from '../../../src/schemas/decision.ts';
import { JournalSchema } from '../../../src/schemas/drill-journal.ts';
import { DrillSchema } from '../../../src/schemas/drill.ts';
import { RunbookSchema } from '../../../src/schemas/runbook.ts';
import { planLab } from '../lab/plan.ts';
import { decision, decisionPath } from './decisions.ts';
import { drill } from './drills.ts';
import { wordCount } from './prose.ts';
import { relativeLink, runbook, runbookRef } from './runbooks.ts';

const SEED = 'docs-test';
const plan = planLab({ hosts: 12, sites: 2, containers: 60, seed: SEED });
const COUNT = 40;
const DECISIONS = 8;
const runbooks = Array.from({ length: COUNT }, (_, i) => runbook(SEED, i, COUNT, DECISIONS, plan));

const bodyOf = (text: string) => matter(text).content;

describe('generated runbooks', () => {
  it('are the same bytes for the same seed, different for another', () => {
    expect(runbook(SEED, 7, COUNT, DECISIONS, plan)).toEqual(runbooks[7]);
    expect(runbook('other', 7, COUNT, DECISIONS, plan).text).not.toBe(runbooks[7]!.text);
  });

  it('have 600–900 words, headings, code, a table, links, and valid front matter', () => {
    for (const r of runbooks) {
      const body = bodyOf(r.text);
      const words = wordCount(body);
      expect(words, r.path).toBeGreaterThanOrEqual(600);
      expect(words, r.path).toBeLessThanOrEqual(900);
      expect(body).toMatch(/^## Diagnosis$/m);
      expect(body).toMatch(/^```(bash|sh|yaml)$/m);
      expect(body).toMatch(/^\| --- \| --- \| --- \|$/m);
      const fm = RunbookSchema.parse(matter(r.text).data);
      expect(fm.services[0]).toMatch(/^container:[a-z0-9-]+\/[a-z0-9-]+$/);
    }
  });

  it('put a mermaid diagram in one runbook of ten', () => {
    const withDiagram = runbooks.filter((r) => r.text.includes('```mermaid'));
    expect(withDiagram.map((r) => runbooks.indexOf(r))).toEqual([0, 10, 20, 30]);
  });

  it('link only to files that are generated', () => {
    const paths = new Set([...runbooks.map((r) => r.path), ...Array.from({ length: DECISIONS }, (_, n) => decisionPath(SEED, n + 1).path)]);
    for (const r of runbooks) {
      const links = [...r.text.matchAll(/\]\(([^)]+\.md)\)/g)].map((m) => m[1]!);
      expect(links.length).toBeGreaterThanOrEqual(3);
      for (const link of links) {
        const target = new URL(link, `file:///${r.path}`).pathname.slice(1);
        expect(paths.has(target), `${r.path} → ${link}`).toBe(true);
      }
    }
  });

  it('compute relative links between folders', () => {
    expect(relativeLink('runbooks/dns/a/x.md', 'runbooks/dns/b/y.md')).toBe('../b/y.md');
    expect(relativeLink('runbooks/dns/a/x.md', 'decisions/0001-x.md')).toBe('../../../decisions/0001-x.md');
    expect(runbookRef(SEED, 3)).toEqual(runbookRef(SEED, 3));
  });
});

describe('generated decisions and drills', () => {
  it('decisions are MADR with valid front matter', () => {
    const d = decision(SEED, 3);
    expect(d.path).toBe(decisionPath(SEED, 3).path);
    expect(d.path).toMatch(/^decisions\/0003-[a-z0-9-]+\.md$/);
    DecisionSchema.parse(matter(d.text).data);
    expect(d.text).toContain('## Decision Outcome');
  });

  it('drills and their journals follow the schemas', () => {
    const d = drill(SEED, 2, plan, 3);
    const front = DrillSchema.parse(matter(d.text).data);
    expect(front.targets[0]).toMatch(/^container:/);
    expect(d.journals).toHaveLength(3);
    for (const j of d.journals) {
      const journal = JournalSchema.parse(JSON.parse(j.text));
      expect(`drills/${journal.drill}.md`).toBe(d.path);
      expect(j.path.startsWith(`lab/drills/${journal.drill}/`)).toBe(true);
    }
  });
});
