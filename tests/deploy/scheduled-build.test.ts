import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../scripts/lab/testing/server-process.ts';
import { ROOT } from '../helpers/build-site.ts';

/*
 * deploy/scheduled-build.sh for real, once per run (SCARBOOK_REBUILD_ONCE=1), in a copy of the
 * project: `npm run lab:pull` (replaying the example lab's recordings: there is no lab here) and
 * `npm run build`, then the switch of `current`. A broken build must leave the last good site up.
 */

const COPIED = ['package.json', 'astro.config.mjs', 'tsconfig.json', 'scarbook.config.json', 'src', 'scripts', 'content', 'public', 'deploy'];

describe('deploy/scheduled-build.sh', () => {
  const tmp = tempDir('scheduled');
  afterAll(() => tmp.remove());
  const project = path.join(tmp.dir, 'project');
  const publish = path.join(tmp.dir, 'publish');
  for (const entry of COPIED) cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));

  const run = () =>
    spawnSync('sh', ['deploy/scheduled-build.sh'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 300_000,
      env: {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        SCARBOOK_PUBLISH_DIR: publish,
        SCARBOOK_REBUILD_ONCE: '1',
        SCARBOOK_KEEP_BUILDS: '1',
        SCARBOOK_PULL_ARGS: '--replay content/lab/recorded',
        SCARBOOK_CACHE_DIR: path.join(tmp.dir, 'cache'),
        SCARBOOK_CONTENT_DIR: '',
        SCARBOOK_OUT_DIR: '',
      },
    });
  const current = () => readlinkSync(path.join(publish, 'current'));
  const builds = () => readdirSync(path.join(publish, 'builds')).sort();

  it('pulls, builds and publishes by switching `current`; the next run replaces it and prunes old builds', () => {
    const first = run();
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/published builds\/\d{8}T\d{6}Z/);
    const firstBuild = current();
    expect(firstBuild).toMatch(/^builds\/\d{8}T\d{6}Z$/);
    for (const file of ['index.html', '404.html', 'sw.js', 'pagefind/pagefind-entry.json']) expect(existsSync(path.join(publish, 'current', file)), file).toBe(true);

    // A second later (build folders are named by the second), a run publishes a new build and drops the old one.
    const second = run();
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(current()).not.toBe(firstBuild);
    expect(builds()).toEqual([path.basename(current())]);
  });

  it('keeps serving the last good build when the build fails, and leaves no half-built folder', () => {
    const good = current();
    const runbook = path.join(project, 'content/runbooks/dns/dns-outage.md');
    writeFileSync(runbook, readFileSync(runbook, 'utf8').replace(/^mode:\s*production$/m, 'mode: banana'));
    const failed = run();
    expect(failed.status).not.toBe(0);
    expect(failed.stdout + failed.stderr).toContain('dns-outage.md');
    expect(failed.stdout).toContain(`build failed: still serving ${good}`);
    expect(current()).toBe(good);
    expect(builds()).toEqual([path.basename(good)]);
  });
});
