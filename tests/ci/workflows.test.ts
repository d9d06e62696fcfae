import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ROOT } from '../helpers/build-site.ts';
import { loadWorkflow, npmScripts, WORKFLOWS } from './workflow.ts';

const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

describe('the workflows in .github/workflows', () => {
  it('are the pull-request check and the scheduled regeneration', () => {
    expect(files).toEqual(['check.yml', 'regenerate.yml']);
  });

  it.each(files)('%s is valid YAML with jobs of named steps', (file) => {
    const doc = parseDocument(readFileSync(path.join(WORKFLOWS, file), 'utf8'));
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    const wf = loadWorkflow(file);
    expect(wf.name).toBeTruthy();
    for (const job of Object.values(wf.jobs)) {
      expect(job['runs-on']).toBeTruthy();
      for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run), `${file}: a step has exactly one of uses/run: ${JSON.stringify(step)}`).toBe(true);
    }
  });

  it('name only npm scripts that package.json defines', () => {
    const named = files.flatMap((file) => Object.values(loadWorkflow(file).jobs).flatMap((job) => job.steps.flatMap((s) => (s.run ? npmScripts(s.run).map((name) => ({ file, name })) : []))));
    expect(named.length).toBeGreaterThan(5);
    const missing = named.filter((n) => !scripts.includes(n.name));
    expect(missing, `package.json has no script for: ${missing.map((m) => `"${m.name}" (used in ${m.file})`).join(', ')}. Add them to "scripts", e.g. "ci:commit-lab": "node scripts/ci/commit-lab.ts".`).toEqual([]);
  });

  it('checks pull requests with annotations, then builds, then scans the build for secrets', () => {
    const wf = loadWorkflow('check.yml');
    expect(Object.keys(wf.on)).toContain('pull_request');
    const runs = wf.jobs.check!.steps.filter((s) => s.run).map((s) => s.run!.trim());
    expect(runs).toEqual(['npm ci --no-audit --no-fund', 'npm run check -- --format github', 'npm run build', 'npm run check -- --only secrets --format github']);
  });

  it('regenerates on a schedule and by hand, on the lab runner, in the documented order', () => {
    const wf = loadWorkflow('regenerate.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const job = wf.jobs.regenerate!;
    expect(job['runs-on']).toBe('scarbook-lab');
    expect(job.steps.map((s) => s.name ?? s.uses)).toEqual([
      'actions/checkout@v4', 'actions/setup-node@v4', 'Install', 'Pull the lab', 'No secret in the snapshots', 'Commit the new snapshots',
      'Push', 'Build', 'No secret in the built site', 'Deploy', 'Policy gates',
    ]);
    // The runner's label and the deploy variable are what docs/ci.md tells users to set up.
    const docs = readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
    expect(docs).toContain('scarbook-lab');
    expect(docs).toContain('SCARBOOK_DEPLOY_TARGET');
  });
});
