/**
 * `npm run check`: validates every content file's front matter and finds broken links
 * (missing files, missing headings, pages that do not exist, dangling references), secrets in
 * the snapshots and the built site, and where the documents and the lab disagree.
 * Prints `file:line:col: message` lines (`--format github` prints Actions annotations and
 * appends a Markdown summary to $GITHUB_STEP_SUMMARY) and exits 1 when anything fails.
 * `--strict` also fails on the warnings of the gates `policy.strict` names (docs/ci.md);
 * `--only GATE` (repeatable) runs the check but reports only those gates (`--only secrets` after a build).
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteConfig, CONFIG_FILE } from '../src/lib/site-config.ts';
import { validateContent } from '../src/lib/validate-content.ts';
import { readDeclarations, readLab } from '../src/lib/lab/read-lab.ts';
import { readJournals } from '../src/lib/drills/read-journals.ts';
import type { Policy } from '../src/schemas/policy.ts';
import type { Entity } from '../src/schemas/lab.ts';
import { checkLinks, type Gate, type Problem } from './check/links.ts';
import { parseMarkdown } from './check/parse.ts';
import { checkReferences } from './check/references.ts';
import { checkLabCoverage } from './check/lab-coverage.ts';
import { checkDrift, explainers } from './check/drift.ts';
import { checkDrillAges } from './check/drills.ts';
import { scanForSecrets } from './check/secrets.ts';
import { secretEnvValues } from './check/secret-env.ts';
import { formatProblem, levelOf, summaryMarkdown } from './check/report.ts';

export interface CheckOptions {
  /** Drill ages are measured against this moment. */
  now?: Date;
  /** Where the credentials to scan for are read. */
  env?: NodeJS.ProcessEnv;
}

export interface CheckResult { problems: Problem[]; files: number; policy: Policy }

export async function runCheck(root = process.cwd(), options: CheckOptions = {}): Promise<CheckResult> {
  const env = options.env ?? process.env;
  const config = loadSiteConfig(root);
  const { contentPath } = config;
  const { files, errors } = await validateContent(contentPath, root);
  const problems: Problem[] = errors.map((e) => ({ file: e.file, line: 1, column: 1, gate: 'front-matter', message: `invalid front matter: ${e.lines.join('; ')}` }));
  const withText = await Promise.all(files.map(async (f) => ({ ...f, text: await readFile(f.file, 'utf8') })));
  const docs = withText.map((f) => ({ file: f.file, tree: parseMarkdown(f.text) }));
  problems.push(...checkLinks(docs, contentPath, root, env.SCARBOOK_BASE || '/'));
  problems.push(...checkReferences(withText, contentPath, root).map((p) => ({ gate: 'links' as const, ...p })));
  // A damaged snapshot is one finding; it must not stop the rest, least of all the secret scan.
  let entities: Entity[] = [];
  try {
    const lab = readLab(contentPath, root);
    entities = lab.entities;
    problems.push(...checkLabCoverage(withText, lab, root, contentPath));
    problems.push(...checkDrift(lab, explainers(files, readDeclarations(contentPath, root), root), contentPath, root));
  } catch (e) {
    problems.push({ file: path.relative(root, path.join(contentPath, 'lab')), line: 1, column: 1, gate: 'lab', message: (e as Error).message });
  }
  try {
    problems.push(...checkDrillAges(withText, readJournals(contentPath, root), entities, config.policy, contentPath, root, options.now ?? new Date()));
  } catch (e) {
    problems.push({ file: path.relative(root, path.join(contentPath, 'lab', 'drills')), line: 1, column: 1, gate: 'drills', message: (e as Error).message });
  }
  const secretEnv = secretEnvValues(config.policy.secretEnv, contentPath, env, CONFIG_FILE);
  problems.push(...secretEnv.notices);
  problems.push(...scanForSecrets({
    root,
    // The built site (when there is one) and everything the pull and the drills write.
    paths: [path.resolve(root, env.SCARBOOK_OUT_DIR || 'dist'), path.join(contentPath, 'lab')],
    envValues: secretEnv.values,
    allow: config.policy.allowSecrets,
  }));
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { problems, files: files.length + errors.length, policy: config.policy };
}

const GATES: readonly Gate[] = ['front-matter', 'links', 'secrets', 'drills', 'drift', 'lab'];

if (import.meta.main) {
  try {
    const { values } = parseArgs({
      options: { format: { type: 'string', default: 'text' }, strict: { type: 'boolean', default: false }, only: { type: 'string', multiple: true }, summary: { type: 'string' } },
    });
    const only = (values.only ?? []) as Gate[];
    const unknown = only.filter((g) => !GATES.includes(g));
    if (unknown.length) throw new Error(`--only ${unknown.join(', ')}: no such gate. Gates: ${GATES.join(', ')}.`);
    if (!['text', 'github'].includes(values.format)) throw new Error(`--format ${values.format}: expected text or github.`);
    const { problems, files, policy } = await runCheck();
    const found = problems.filter((p) => !only.length || only.includes(p.gate ?? 'lab')).map((problem) => ({ problem, level: levelOf(problem, values.strict, policy.strict) }));
    for (const { problem, level } of found) console.log(formatProblem(problem, level, values.format));
    const summaryFile = values.summary ?? (values.format === 'github' ? process.env.GITHUB_STEP_SUMMARY : undefined);
    if (summaryFile) appendFileSync(summaryFile, summaryMarkdown(found, files, { strict: values.strict, only }));
    const errors = found.filter((f) => f.level === 'error').map((f) => f.problem);
    const warnings = found.filter((f) => f.level === 'warning').length;
    if (errors.length) {
      console.error(`\n${errors.length} problem(s) in ${new Set(errors.map((p) => p.file)).size} file(s). Fix what is listed above, then run \`npm run check${values.strict ? ' -- --strict' : ''}\` again.`);
      process.exit(1);
    }
    console.log(`${files} files checked: front matter valid, no broken links, no secrets${warnings ? `; ${warnings} warning(s)${values.strict ? ' the policy does not enforce' : ' (--strict fails on those the policy enforces)'}` : ''}.`);
  } catch (e) {
    console.error(`check: ${(e as Error).message}`);
    process.exit(2);
  }
}
