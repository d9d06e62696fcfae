import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../src/lib/run-command.ts';
import { decision } from './docs/decisions.ts';
import { drill } from './docs/drills.ts';
import { runbook } from './docs/runbooks.ts';
import { planCounts } from './lab/plan.ts';
import { writeLab } from './lab/write-lab.ts';
import { docCounts, type GeneratedScenario } from './scenarios.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SEED = 'scarbook-bench-1';

export interface GeneratedSite {
  contentPath: string;
  /** Raw recorded output to replay (outside the content folder, as a recording is). */
  recordedDir: string;
  /** Content files written (Markdown and journals), for the page count check. */
  files: { runbooks: number; decisions: number; drills: number; journals: number };
  /** The runbook whose page is measured and edited for the warm rebuild. */
  sampleRunbook: string;
  lab: { sources: number; rawBytes: number; counts: ReturnType<typeof planCounts> };
}

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Writes the documents of a generated scenario into `contentPath` (no lab). */
export function writeDocs(s: GeneratedScenario, contentPath: string, plan: Parameters<typeof runbook>[4], seed = SEED) {
  const counts = docCounts(s.runbooks);
  let sample = '';
  for (let i = 0; i < s.runbooks; i++) {
    const r = runbook(seed, i, s.runbooks, counts.decisions, plan);
    if (i === 1) sample = r.path; // not a diagram runbook (i % 10 === 0): the typical page
    write(contentPath, r.path, r.text);
  }
  for (let n = 1; n <= counts.decisions; n++) {
    const d = decision(seed, n);
    write(contentPath, d.path, d.text);
  }
  let journals = 0;
  for (let n = 1; n <= counts.drills; n++) {
    const d = drill(seed, n, plan, counts.journalsPerDrill);
    write(contentPath, d.path, d.text);
    for (const j of d.journals) write(contentPath, j.path, j.text);
    journals += d.journals.length;
  }
  return { files: { runbooks: s.runbooks, decisions: counts.decisions, drills: counts.drills, journals }, sampleRunbook: sample || 'runbooks' };
}

/** `git init` and one commit with a fixed date, so "last updated" reads Git as on a real checkout. */
export async function commitAll(dir: string, message: string, init = false): Promise<void> {
  const env = { ...process.env, GIT_AUTHOR_DATE: '2026-11-01T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-01T10:00:00Z' } as Record<string, string>;
  const git = (...args: string[]) => runCommand('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env, timeout: 600_000 });
  if (init) await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '--allow-empty', '-m', message);
}

/** A generated scenario into `work/content` (a Git repository) and its raw lab output into `work/recorded`. */
export async function generateSite(s: GeneratedScenario, work: string, seed = SEED): Promise<GeneratedSite> {
  const contentPath = path.join(work, 'content');
  const recordedDir = path.join(work, 'recorded');
  const lab = writeLab({ hosts: s.hosts, sites: s.sites, containers: s.containers, seed }, contentPath, recordedDir);
  const docs = writeDocs(s, contentPath, lab.plan, seed);
  await commitAll(contentPath, `generated ${s.name}`, true);
  return { contentPath, recordedDir, ...docs, lab: { sources: lab.sources, rawBytes: lab.rawBytes, counts: planCounts(lab.plan) } };
}

/** `small`: a copy of the example lab (its snapshots removed: the pull replays them from its recording). */
export async function copyExample(work: string): Promise<GeneratedSite> {
  const contentPath = path.join(work, 'content');
  const recordedDir = path.join(work, 'recorded');
  cpSync(path.join(ROOT, 'content'), contentPath, { recursive: true });
  cpSync(path.join(contentPath, 'lab', 'recorded'), recordedDir, { recursive: true });
  rmSync(path.join(contentPath, 'lab', 'sources'), { recursive: true, force: true });
  rmSync(path.join(contentPath, 'lab', 'pull-status.json'), { force: true });
  await commitAll(contentPath, 'example lab', true);
  const count = (dir: string, ext: RegExp) => {
    const full = path.join(contentPath, dir);
    try {
      return (readdirSync(full, { recursive: true }) as string[]).filter((f) => ext.test(f)).length;
    } catch {
      return 0;
    }
  };
  return {
    contentPath, recordedDir, sampleRunbook: 'runbooks/storage/nas-disk-full.md', // a typical page: no diagram
    files: { runbooks: count('runbooks', /\.mdx?$/), decisions: count('decisions', /\.md$/), drills: count('drills', /\.md$/), journals: count('lab/drills', /\.json$/) },
    lab: { sources: 0, rawBytes: 0, counts: { hosts: 0, pveNodes: 0, dockerHosts: 0, vms: 0, containers: 0, tailscalePeers: 0, netboxDevices: 0, netboxVms: 0 } },
  };
}
