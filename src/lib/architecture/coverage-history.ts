import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { JournalSchema, type Journal } from '../../schemas/drill-journal.ts';
import { SourceSnapshotSchema, type SourceSnapshot } from '../../schemas/lab.ts';
import { mergeGraph } from '../lab/merge-graph.ts';
import { readDeclarations } from '../lab/read-lab.ts';
import { readGitObjects } from '../git-objects.ts';
import { runCommand } from '../run-command.ts';
import { coverageBySite, serviceCoverage, type CoverageScore } from './coverage.ts';
import { dataProtection } from './data-protection.ts';
import { labFacts, type LabFactsInput } from './lab-facts.ts';

export interface CoveragePoint {
  commit: string;
  date: string;
  lab: CoverageScore;
  sites: CoverageScore[];
}

/**
 * The coverage score at each of the last `limit` commits that changed the lab's snapshots or
 * drill journals, oldest first: the snapshots and journals as committed then, judged with today's
 * documents (runbooks, drill definitions, service notes) and with the commit's date as "now".
 * Every file of every commit is read by one `git cat-file --batch`. Outside Git: no history.
 */
export async function coverageHistory(contentPath: string, current: Pick<LabFactsInput, 'documents' | 'drills'>, limit = 20): Promise<CoveragePoint[]> {
  let top: string;
  let log: string;
  const dirs = [path.join(contentPath, 'lab', 'sources'), path.join(contentPath, 'lab', 'drills')];
  try {
    top = (await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: contentPath })).trim();
    log = await runCommand('git', ['log', `-n${limit}`, '--format=%H%x09%cI', '--', ...dirs], { cwd: top });
  } catch {
    return [];
  }
  const rel = dirs.map((d) => path.relative(top, d).split(path.sep).join('/'));
  const commits = log.split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]).reverse();
  if (commits.length === 0) return [];
  const trees = await Promise.all(commits.map(([c]) => runCommand('git', ['ls-tree', '-r', '--name-only', c, '--', ...rel], { cwd: top })));
  const asked = commits.flatMap(([c], i) => trees[i]!.split('\n').filter((f) => f.endsWith('.json')).map((f) => `${c}:${f}`));
  const files = await readGitObjects(top, asked);

  const root = top;
  const declarations = readDeclarations(contentPath, root);
  const yamlFile = path.join(contentPath, 'lab', 'sources.yaml');
  const hostAliases = existsSync(yamlFile) ? ((parseYaml(readFileSync(yamlFile, 'utf8')) as { hostAliases?: Record<string, string[]> } | null)?.hostAliases ?? {}) : {};
  return commits.map(([commit, date]) => {
    const snapshots: SourceSnapshot[] = [];
    const journals: Journal[] = [];
    for (const [name, text] of files) {
      if (!name.startsWith(`${commit}:`)) continue;
      const file = name.slice(commit.length + 1);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        continue; // a damaged file in an old commit says nothing about coverage then
      }
      if (file.startsWith(`${rel[0]}/`)) {
        const s = SourceSnapshotSchema.safeParse(json);
        if (s.success) snapshots.push(s.data);
      } else {
        const j = JournalSchema.safeParse(json);
        if (j.success) journals.push(j.data);
      }
    }
    const lab = mergeGraph({ snapshots, statuses: [], hostAliases, declarations });
    const facts = labFacts({ lab, drills: current.drills, journals, documents: current.documents, sources: snapshots.map((s) => s.source), now: new Date(date) });
    const { lab: score, sites } = coverageBySite(serviceCoverage(facts, dataProtection(facts)));
    return { commit, date, lab: score, sites };
  });
}
