import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/lib/run-command.ts';
import { stableJson } from '../../scripts/lab/stable-json.ts';
import { buildSite, ROOT, type BuiltSite } from '../helpers/build-site.ts';
import { loadWorkflow, npmScripts, runJob, type Step } from './workflow.ts';

const git = (cwd: string, ...args: string[]) => runCommand('git', ['-c', 'user.name=Lab owner', '-c', 'user.email=owner@lab.example', ...args], { cwd });

/** What a user's repository holds: the project as it is in this working tree. */
const PROJECT = ['package.json', 'package-lock.json', '.nvmrc', 'scarbook.config.json', 'tsconfig.json', 'astro.config.mjs', 'scripts', 'src', 'content', 'public', '.github'];

/**
 * A clone of this repository with a bare "forge" remote, the working tree's files committed on
 * top, and the lab as it was last week: the recorded example lab replayed, then pihole on an
 * older tag and the scratch container not there yet. The workflow's pull (a replay of the same
 * recorded output) must therefore find exactly that change.
 */
async function labRepository(): Promise<{ work: string; remote: string }> {
  const base = mkdtempSync(path.join(tmpdir(), 'scarbook-regenerate-'));
  const [remote, work] = [path.join(base, 'forge.git'), path.join(base, 'work')];
  await git(base, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  await git(base, 'clone', '--quiet', '--no-hardlinks', ROOT, work);
  await git(work, 'checkout', '--quiet', '-B', 'main');
  for (const entry of PROJECT.filter((e) => existsSync(path.join(ROOT, e)))) {
    cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  }
  writeFileSync(path.join(work, '.git/info/exclude'), 'node_modules\ndist\n');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));
  await runCommand(process.execPath, ['scripts/lab-pull.ts', '--replay', 'content/lab/recorded'], { cwd: work, env: { SCARBOOK_CONTENT_DIR: '' } });
  const file = path.join(work, 'content/lab/sources/docker-nas.json');
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { entities: { id: string; attributes: Record<string, unknown> }[] };
  snapshot.entities = snapshot.entities.filter((e) => e.id !== 'container:nas/scratch');
  const pihole = snapshot.entities.find((e) => e.id === 'container:nas/pihole')!;
  pihole.attributes.image = String(pihole.attributes.image).replace(/:[^:/]+$/, ':2024.07');
  writeFileSync(file, stableJson(snapshot));
  await git(work, 'add', '--all');
  await git(work, 'commit', '--quiet', '-m', 'Scarbook, with last week\'s lab');
  await git(work, 'remote', 'set-url', 'origin', remote);
  await git(work, 'push', '--quiet', 'origin', 'main');
  return { work, remote };
}

const log = async (cwd: string, rev = 'HEAD') => (await git(cwd, 'log', '-1', '--format=%H%n%an <%ae>%n%s%n%b', rev)).split('\n');

describe('the regenerate workflow, run step by step on this machine', () => {
  it('pulls, commits a summary as the bot, pushes, builds and checks; a second run commits nothing', async () => {
    const job = loadWorkflow('regenerate.yml').jobs.regenerate!;
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const missing = job.steps.flatMap((s) => npmScripts(s.run ?? '')).filter((n) => !scripts.includes(n));
    expect(missing, `package.json needs these scripts before the workflow can run: ${missing.join(', ')}`).toEqual([]);

    const { work, remote } = await labRepository();
    const before = (await log(work))[0];
    let site: BuiltSite | undefined;
    const link = () => {
      rmSync(path.join(work, 'dist'), { force: true, recursive: true });
      symlinkSync(site!.dist, path.join(work, 'dist'));
    };
    // No network here: no actions to fetch, node_modules is linked, the lab is the recorded one,
    // and the build is the tests' (same astro build, its own output folder).
    const replace = (step: Step) => {
      if (step.uses || step.run?.startsWith('npm ci')) return { skip: true as const };
      if (step.run?.trim() === 'npm run lab:pull') return { run: 'npm run lab:pull -- --replay content/lab/recorded' };
      if (step.run?.trim() === 'npm run build') {
        return { call: async () => {
          site ??= await buildSite(path.join(work, 'content'), { name: 'regenerate' });
          link();
        } };
      }
      return undefined;
    };
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, GITHUB_ACTIONS: 'true', GITHUB_REF_NAME: 'main', SCARBOOK_CONTENT_DIR: '', SCARBOOK_OUT_DIR: '' } as Record<string, string>;

    const first = await runJob(job, { cwd: work, env, replace });
    const byName = (name: string) => first.steps.find((s) => s.step.name === name)!;
    for (const s of first.steps.filter((x) => x.step.name !== 'Policy gates')) expect(s.code, `${s.step.name ?? s.step.uses}:\n${s.output}`).toBe(0);
    expect(byName('Push').skipped).toBe(false);

    const [commit, author, subject, ...body] = await log(work);
    expect(subject).toBe('lab: 1 container added on nas, pihole image 2024.07 → test');
    expect(author).toBe('scarbook-bot <scarbook-bot@users.noreply.localhost>');
    expect(body.join('\n')).toContain('- container `container:nas/scratch` (seen by docker-nas)');
    expect((await git(work, 'show', '--name-only', '--format=', 'HEAD')).trim().split('\n')).toEqual(['content/lab/pull-status.json', 'content/lab/sources/docker-nas.json']);
    expect((await git(remote, 'rev-parse', 'main')).trim()).toBe(commit);
    expect(first.summary).toContain('## Lab pull: 1 container added on nas, pihole image 2024.07 → test');

    // The site's "What changed" page tells the same story from the same commit.
    const changes = readFileSync(path.join(site!.dist, 'lab/changes/index.html'), 'utf8');
    expect(changes).toContain('1 container added on nas, pihole image 2024.07 → test');
    expect(byName('Deploy').output).toContain('::notice title=Deploy skipped::');
    expect(byName('No secret in the built site').output).toMatch(/files checked/);
    // The policy step's verdict matches what it printed: fails exactly when it annotated an error.
    const policy = byName('Policy gates');
    expect(policy.code).toBe(policy.output.includes('::error ') ? 1 : 0);
    expect(first.summary).toContain('## npm run check --strict');

    const second = await runJob(job, { cwd: work, env, replace });
    expect(second.steps.find((s) => s.step.name === 'Commit the new snapshots')!.output).toContain('No change in the lab: nothing to commit.');
    expect(second.steps.find((s) => s.step.name === 'Push')!.skipped).toBe(true);
    expect((await log(work))[0]).toBe(commit);
    expect((await git(work, 'rev-list', '--count', `${before}..HEAD`)).trim()).toBe('1');
  });
});
