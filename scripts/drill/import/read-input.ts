import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatIssues } from '../../../src/schemas/format-error.ts';
import { CtkExperimentSchema, CtkJournalSchema, type CtkExperiment, type CtkJournal } from './chaostoolkit-schema.ts';

/** Bad input, said in one line that names the file: the CLI prints `message` and nothing else. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ImportError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass the path of ${what}.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${file}: not valid JSON (${(e as Error).message}); expected ${what}. If it was cut short (a run killed while writing it), that run's record is lost: run the experiment again.`);
  }
}

const firstIssue = (issues: Parameters<typeof formatIssues>[0], raw: unknown) => formatIssues(issues, raw).slice(0, 2).join('; ');

/** A `journal.json` written by `chaos run`. Anything else is refused with what it looks like instead. */
export function readCtkJournal(file: string): CtkJournal {
  const raw = readJson(file, 'the journal.json that `chaos run` wrote');
  const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!o || !('run' in o) || !('chaoslib-version' in o || 'steady_states' in o)) {
    const experiment = o && 'method' in o && 'title' in o;
    throw new ImportError(
      experiment
        ? `${file}: this is a Chaos Toolkit experiment, not a journal (it has "method" but no "run"); import the journal.json that \`chaos run\` wrote, and pass this file with --experiment.`
        : `${file}: not a Chaos Toolkit journal (expected "chaoslib-version" and "run" fields); pass the journal.json that \`chaos run\` wrote.`,
    );
  }
  const parsed = CtkJournalSchema.safeParse(raw);
  if (!parsed.success) throw new ImportError(`${file}: not a Chaos Toolkit journal this import can read: ${firstIssue(parsed.error.issues, raw)}.`);
  return parsed.data;
}

function parseExperiment(raw: unknown, file: string): CtkExperiment {
  const parsed = CtkExperimentSchema.safeParse(raw);
  if (!parsed.success) throw new ImportError(`${file}: not a Chaos Toolkit experiment: ${firstIssue(parsed.error.issues, raw)}.`);
  return parsed.data;
}

/**
 * The experiment that ran: `--experiment` when given, else the copy `chaos run` embeds in the
 * journal, else an `experiment.json` beside the journal.
 */
export function resolveExperiment(journal: CtkJournal, journalFile: string, experimentFile?: string): CtkExperiment {
  if (experimentFile) return parseExperiment(readJson(experimentFile, 'a Chaos Toolkit experiment'), experimentFile);
  if (journal.experiment) return parseExperiment(journal.experiment, `${journalFile} (its "experiment")`);
  const beside = path.join(path.dirname(journalFile), 'experiment.json');
  if (existsSync(beside)) return parseExperiment(readJson(beside, 'a Chaos Toolkit experiment'), beside);
  throw new ImportError(`${journalFile}: the journal holds no experiment and there is no experiment.json beside it; pass the experiment with --experiment <file>.`);
}
