import { existsSync } from 'node:fs';
import path from 'node:path';
import { JournalSchema, type Journal } from '../../src/schemas/drill-journal.ts';
import { journalDir } from '../../src/lib/drills/read-journals.ts';
import { writeFileAtomic } from '../lab/atomic-file.ts';
import { stableJson } from '../lab/stable-json.ts';
import { redactText } from './redact-text.ts';

/** `2026-11-10T19-04-05Z.json` (`-2` appended if a run in the same second already has that name). */
export function journalPath(contentPath: string, drill: string, startedAt: string): string {
  const base = path.join(journalDir(contentPath, drill), startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-'));
  let file = `${base}.json`;
  for (let n = 2; existsSync(file); n++) file = `${base}-${n}.json`;
  return file;
}

/** Every free-text field through the redactor; ids, times and numbers are left as they are. */
export function redactJournal(journal: Journal, secrets: readonly string[]): Journal {
  const r = (s: string) => redactText(s, secrets);
  return {
    ...journal,
    ...(journal.reason !== undefined ? { reason: r(journal.reason) } : {}),
    ...(journal.notes !== undefined ? { notes: r(journal.notes) } : {}),
    ...(journal.restore?.problem !== undefined ? { restore: { ...journal.restore, problem: r(journal.restore.problem) } } : {}),
    events: journal.events.map((e) => {
      switch (e.type) {
        case 'probe': return { ...e, description: r(e.description), detail: r(e.detail) };
        case 'action': return { ...e, description: r(e.description), output: r(e.output) };
        case 'note': return { ...e, text: r(e.text) };
        default: return e;
      }
    }),
  };
}

/**
 * Writes the journal after every event, atomically, so a runner killed at any moment leaves a
 * readable journal saying how far it got. Writes are chained: the last one always wins.
 */
export function journalWriter(file: string, secrets: readonly string[]): { write(journal: Journal): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  return {
    write(journal) {
      const text = stableJson(JournalSchema.parse(redactJournal(journal, secrets)));
      chain = chain.then(() => writeFileAtomic(file, text));
      return chain;
    },
  };
}
