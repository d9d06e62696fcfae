import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { runbookOutline } from './body-outline.ts';
import { exercisingSections, type KnownDrill } from './drills/drill-refs.ts';
import { firstHeading } from './titles.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const markdownUnder = (dir: string) =>
  (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).filter((f) => /\.mdx?$/.test(f)).map((f) => path.join(dir, f));

// Real runbooks (the example lab's, and the Prometheus Operator's from the corpus), the decisions
// for their varied structure, and bodies written to trip the fence and heading rules.
const files = [...markdownUnder('content/runbooks'), ...markdownUnder('tests/corpora/prometheus-operator-runbooks'), ...markdownUnder('content/decisions')];
const known: KnownDrill[] = [
  ...markdownUnder('content/drills').map((f) => ({ id: path.basename(f).replace(/\.mdx?$/, ''), title: String(matter(readFileSync(path.join(ROOT, f), 'utf8')).data.title ?? '') })),
  { id: 'kill-pihole', title: 'Kill the Pi-hole container' },
];
const written: Record<string, string> = {
  'a claim in each of two sections, one by link, one by id, one by title': [
    '# Restore the NAS', '', 'Intro.', '## Fix', 'Exercised by the [Pi-hole drill](../../drills/kill-pihole.md) every month.',
    '## Verify', '### Again', 'This step is exercised by `restore-postgres-sandbox` and by Kill the Pi-hole container.', 'More text.',
  ].join('\n'),
  'headings and claims inside fences stay code': [
    '```sh', '# not a title', 'echo exercised by [x](../drills/kill-pihole.md)', '```', '# The title', '~~~', '## not a section', '~~~',
    '## Section', 'Exercised by [the drill](../drills/kill-pihole.md).',
  ].join('\n'),
  'an indented fence (code to one reader, not to the other)': ['    ```', '# Maybe a title', '    ```', '## After', 'exercised by `kill-pihole`'].join('\n'),
  'a fence closed by a longer one, and CRLF line ends': ['````', '# inside', '`````', '# Title\r', '## Fix\r', 'Exercised by `kill-pihole`.\r'].join('\n'),
  'no heading at all': 'Just a paragraph that exercises nothing.\n',
};
const bodies: [string, string][] = [
  ...files.map((f): [string, string] => [f, matter(readFileSync(path.join(ROOT, f), 'utf8')).content]),
  ...Object.entries(written),
];

describe('runbookOutline', () => {
  it.each(bodies)('gives %s the same title and drill claims as its whole body', (_, body) => {
    const outline = runbookOutline(body);
    expect(firstHeading(outline)).toBe(firstHeading(body));
    expect(exercisingSections(outline, known)).toEqual(exercisingSections(body, known));
  });

  it('is tried on bodies that have titles and claims to lose', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(bodies.filter(([, body]) => firstHeading(body)).length).toBeGreaterThan(20);
    const claims = bodies.flatMap(([, body]) => exercisingSections(body, known));
    expect(claims).toContainEqual({ drill: 'kill-pihole', heading: 'Fix' });
    expect(claims).toContainEqual({ drill: 'restore-postgres-sandbox', heading: 'Again' });
  });

  it('keeps a small part of a runbook', () => {
    const runbooks = bodies.filter(([file]) => file.startsWith('content/runbooks/')).map(([, body]) => body);
    const kept = runbooks.reduce((n, body) => n + runbookOutline(body).length, 0);
    const whole = runbooks.reduce((n, body) => n + body.length, 0);
    expect(kept / whole).toBeLessThan(0.25);
  });
});
