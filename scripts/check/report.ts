import type { Gate, Problem } from './links.ts';

export type Level = 'error' | 'warning' | 'notice';

/** How a finding counts in this run: `--strict` turns warnings of the policy's gates into errors. */
export function levelOf(p: Problem, strict: boolean, strictGates: readonly string[]): Level {
  const level = p.severity ?? 'error';
  return level === 'warning' && strict && strictGates.includes(p.gate ?? 'lab') ? 'error' : level;
}

/** GitHub Actions' workflow-command escaping for a property value and for the message. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One finding: `file:line:col: warning: message`, or an Actions annotation (`::error file=…,line=…::message`). */
export function formatProblem(p: Problem, level: Level, style: string): string {
  if (style === 'github') return `::${level} file=${escapeProperty(p.file)},line=${p.line},col=${p.column},title=${escapeProperty(`scarbook ${p.gate ?? 'check'}`)}::${escapeData(p.message)}`;
  return `${p.file}:${p.line}:${p.column}: ${level === 'error' ? '' : `${level}: `}${p.message}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ICON: Record<Level, string> = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' };
const MAX_ROWS = 200;

/** The step summary ($GITHUB_STEP_SUMMARY): a headline, then one table row per finding, errors first. */
export function summaryMarkdown(found: { problem: Problem; level: Level }[], files: number, options: { strict: boolean; only?: readonly Gate[] }): string {
  const title = `## npm run check${options.strict ? ' --strict' : ''}${options.only?.length ? ` (${options.only.join(', ')})` : ''}`;
  const count = (l: Level) => found.filter((f) => f.level === l).length;
  const [errors, warnings, notices] = [count('error'), count('warning'), count('notice')];
  const headline = errors
    ? `❌ **${errors} error(s)** fail the check; ${warnings} warning(s), ${notices} notice(s) in ${files} files.`
    : `✅ ${files} files checked: nothing fails${warnings || notices ? ` (${warnings} warning(s), ${notices} notice(s))` : ''}.`;
  if (!found.length) return `${title}\n\n${headline}\n\n`;
  const order: Level[] = ['error', 'warning', 'notice'];
  const rows = [...found].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level)).slice(0, MAX_ROWS);
  const table = rows.map(({ problem: p, level }) => `| ${ICON[level]} | \`${cell(p.file)}:${p.line}\` | ${p.gate ?? ''} | ${cell(p.message)} |`);
  const more = found.length > MAX_ROWS ? `\n…and ${found.length - MAX_ROWS} more: see the job log.\n` : '';
  return `${title}\n\n${headline}\n\n| | Where | Gate | Finding |\n| --- | --- | --- | --- |\n${table.join('\n')}\n${more}\n`;
}
