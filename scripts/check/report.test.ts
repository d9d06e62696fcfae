import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Problem } from './links.ts';
import { formatProblem, levelOf, summaryMarkdown } from './report.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const warning: Problem = { file: 'content/runbooks/db.md', line: 3, column: 1, gate: 'lab', severity: 'warning', message: 'names container:nas/mariadb, which no lab source has seen' };

describe('check findings: levels, annotations and the step summary', () => {
  it('fails a warning only with --strict and only when the policy names its gate', () => {
    expect(levelOf(warning, false, ['lab'])).toBe('warning');
    expect(levelOf(warning, true, ['lab'])).toBe('error');
    expect(levelOf(warning, true, ['drills'])).toBe('warning');
    expect(levelOf({ ...warning, severity: 'notice' }, true, ['lab'])).toBe('notice');
    expect(levelOf({ ...warning, severity: undefined }, false, [])).toBe('error');
  });

  it('prints GitHub annotations with the workflow-command escaping', () => {
    const p: Problem = { file: 'content/runbooks/a,b.md', line: 7, column: 2, gate: 'links', message: 'broken link "x.md": 100% gone\nreally' };
    expect(formatProblem(p, 'error', 'github')).toBe('::error file=content/runbooks/a%2Cb.md,line=7,col=2,title=scarbook links::broken link "x.md": 100%25 gone%0Areally');
    expect(formatProblem(warning, 'warning', 'text')).toBe('content/runbooks/db.md:3:1: warning: names container:nas/mariadb, which no lab source has seen');
  });

  it('writes a Markdown summary, errors first, pipes escaped', () => {
    const md = summaryMarkdown([
      { problem: warning, level: 'warning' },
      { problem: { file: 'content/x.md', line: 1, column: 1, gate: 'links', message: 'broken link "a|b"' }, level: 'error' },
    ], 12, { strict: true });
    expect(md).toBe([
      '## npm run check --strict',
      '',
      '❌ **1 error(s)** fail the check; 1 warning(s), 0 notice(s) in 12 files.',
      '',
      '| | Where | Gate | Finding |',
      '| --- | --- | --- | --- |',
      '| ❌ error | `content/x.md:1` | links | broken link "a\\|b" |',
      '| ⚠️ warning | `content/runbooks/db.md:3` | lab | names container:nas/mariadb, which no lab source has seen |',
      '',
      '',
    ].join('\n'));
    expect(summaryMarkdown([], 12, { strict: false })).toBe('## npm run check\n\n✅ 12 files checked: nothing fails.\n\n');
  });

  it('lets the repository policy choose what --strict enforces', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'scarbook-policy-'));
    mkdirSync(path.join(root, 'content/lab/sources'), { recursive: true });
    cpSync(path.join(ROOT, 'content/lab/sources/docker-nas.json'), path.join(root, 'content/lab/sources/docker-nas.json'));
    mkdirSync(path.join(root, 'content/runbooks'), { recursive: true });
    writeFileSync(path.join(root, 'content/runbooks/db.md'), '---\ntitle: DB\nservices: [container:nas/mariadb]\n---\n# DB\n');
    const check = (config: object) => {
      writeFileSync(path.join(root, 'scarbook.config.json'), JSON.stringify({ contentDir: 'content', ...config }));
      const summary = path.join(root, 'summary.md');
      writeFileSync(summary, '');
      const env = { ...process.env, SCARBOOK_CONTENT_DIR: '', SCARBOOK_OUT_DIR: '' };
      return run(process.execPath, [path.join(ROOT, 'scripts/check.ts'), '--strict', '--summary', summary], { cwd: root, env })
        .then(() => 0, (e: { code: number }) => e.code)
        .then((code) => ({ code, summary: readFileSync(summary, 'utf8') }));
    };
    const strictDefault = await check({});
    expect(strictDefault.code).toBe(1);
    expect(strictDefault.summary).toContain('| ❌ error | `content/runbooks/db.md:3` | lab | names container:nas/mariadb');
    const lenient = await check({ policy: { strict: ['drills', 'drift'] } });
    expect(lenient.code).toBe(0);
    expect(lenient.summary).toContain('| ⚠️ warning | `content/runbooks/db.md:3` | lab |');
    writeFileSync(path.join(root, 'scarbook.config.json'), JSON.stringify({ policy: { strict: ['everything'] } }));
    const invalid = await run(process.execPath, [path.join(ROOT, 'scripts/check.ts')], { cwd: root, env: { ...process.env, SCARBOOK_CONTENT_DIR: '' } }).catch((e) => e);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/scarbook\.config\.json.*policy\.strict\[0\].*"everything".*"drills" \| "drift" \| "lab"/s);
  });
});
