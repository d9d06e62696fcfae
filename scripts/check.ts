/**
 * `npm run check`: validates every content file's front matter and finds broken links
 * (missing files, missing headings, pages that do not exist, dangling references).
 * Prints `file:line:col: message` lines (`--format github` prints Actions annotations)
 * and exits 1 when anything is wrong.
 */
import { readFile } from 'node:fs/promises';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { validateContent } from '../src/lib/validate-content.ts';
import { checkLinks, type Problem } from './check/links.ts';
import { parseMarkdown } from './check/parse.ts';
import { checkReferences } from './check/references.ts';
import { checkLabCoverage } from './check/lab-coverage.ts';
import { readLab } from '../src/lib/lab/read-lab.ts';

export async function runCheck(root = process.cwd()): Promise<{ problems: Problem[]; files: number }> {
  const config = loadSiteConfig(root);
  const { files, errors } = await validateContent(config.contentPath, root);
  const problems: Problem[] = errors.map((e) => ({ file: e.file, line: 1, column: 1, message: `invalid front matter: ${e.lines.join('; ')}` }));
  const withText = await Promise.all(files.map(async (f) => ({ ...f, text: await readFile(f.file, 'utf8') })));
  const docs = withText.map((f) => ({ file: f.file, tree: parseMarkdown(f.text) }));
  problems.push(...checkLinks(docs, config.contentPath, root, process.env.SCARBOOK_BASE || '/'));
  problems.push(...checkReferences(withText, config.contentPath, root));
  problems.push(...checkLabCoverage(withText, readLab(config.contentPath, root), root));
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { problems, files: files.length + errors.length };
}

function format(p: Problem, style: string): string {
  const level = p.severity ?? 'error';
  if (style === 'github') return `::${level} file=${p.file},line=${p.line},col=${p.column}::${p.message.replace(/\n/g, '%0A')}`;
  return `${p.file}:${p.line}:${p.column}: ${level === 'warning' ? 'warning: ' : ''}${p.message}`;
}

if (import.meta.main) {
  const style = process.argv.includes('--format') ? process.argv[process.argv.indexOf('--format') + 1] ?? 'text' : 'text';
  const strict = process.argv.includes('--strict');
  const { problems, files } = await runCheck();
  for (const p of problems) console.log(format(p, style));
  const errors = problems.filter((p) => (p.severity ?? 'error') === 'error' || strict);
  const warnings = problems.length - errors.length;
  if (errors.length) {
    console.error(`\n${errors.length} problem(s) in ${new Set(errors.map((p) => p.file)).size} of ${files} files. Fix the links or front matter above, then run \`npm run check\` again.`);
    process.exit(1);
  }
  console.log(`${files} files checked: front matter valid, no broken links${warnings ? `; ${warnings} warning(s) about the lab` : ''}.`);
}

