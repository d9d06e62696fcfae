import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { JournalSchema, type Journal } from '../../../src/schemas/drill-journal.ts';
import { DrillSchema } from '../../../src/schemas/drill.ts';
import type { Mode } from '../../../src/schemas/common.ts';
import { parseFrontmatter } from '../../../src/schemas/format-error.ts';
import { journalDir } from '../../../src/lib/drills/read-journals.ts';
import { writeFileAtomic } from '../../lab/atomic-file.ts';
import { stableJson } from '../../lab/stable-json.ts';
import { fromChaosToolkit, slugify } from './convert.ts';
import { readCtkJournal, resolveExperiment } from './read-input.ts';

export interface ImportOptions {
  journal: string;
  experiment?: string;
  /** Drill id under content/drills; from the experiment's title when absent. */
  drill?: string;
  /** Override or supply targets and mode when the drill has no definition here. */
  targets?: string[];
  mode?: Mode;
  operator?: string;
  contentPath: string;
  /** Project root, so files are named relative to it. */
  root: string;
  dryRun?: boolean;
}

export interface ImportResult {
  /** The journal written (or that would be, with dryRun), relative to root. */
  file: string;
  journal: Journal;
  warnings: string[];
}

/** The drill definition the run belongs to, when this lab has one: its targets and mode. */
function readDrill(contentPath: string, id: string, root: string): { targets: string[]; mode: Mode } | null {
  for (const ext of ['.md', '.mdx']) {
    const file = path.join(contentPath, 'drills', `${id}${ext}`);
    if (!existsSync(file)) continue;
    const drill = parseFrontmatter(DrillSchema, matter(readFileSync(file, 'utf8')).data, path.relative(root, file));
    return { targets: drill.targets, mode: drill.mode };
  }
  return null;
}

/**
 * Turns one Chaos Toolkit run into `content/lab/drills/<drill>/<start>-chaostoolkit.json`. The
 * file name comes from the run's start, so importing the same journal twice rewrites one file.
 */
export async function importChaosToolkit(o: ImportOptions): Promise<ImportResult> {
  const ctk = readCtkJournal(o.journal);
  const experiment = resolveExperiment(ctk, o.journal, o.experiment);
  const drill = o.drill ?? slugify(experiment.title);
  const warnings: string[] = [];
  const def = readDrill(o.contentPath, drill, o.root);
  if (!def) warnings.push(`no drill definition content/drills/${drill}.md: the run is recorded, but no drill page shows it until one exists (npm run new -- drill "${experiment.title}"), or pass --drill <id>.`);
  const source = path.relative(o.root, path.resolve(o.journal)) || o.journal;
  const input = fromChaosToolkit(ctk, experiment, {
    drill,
    targets: o.targets?.length ? o.targets : (def?.targets ?? []),
    mode: o.mode ?? def?.mode ?? 'production',
    operator: o.operator ?? `chaostoolkit@${ctk.node ?? 'unknown'}`,
    source,
  });
  const journal = parseFrontmatter(JournalSchema, input, `${source} (converted)`);
  const stamp = journal.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const file = path.join(journalDir(o.contentPath, drill), `${stamp}-chaostoolkit.json`);
  if (!o.dryRun) await writeFileAtomic(file, stableJson(journal));
  return { file: path.relative(o.root, file), journal, warnings };
}
