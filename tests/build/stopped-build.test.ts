import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, CommandError } from '../../src/lib/run-command.ts';
import { buildFolder, ROOT } from '../helpers/build-site.ts';

/** The processes whose parent is `pid` (Linux's /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Fields after the command's closing parenthesis: state, then the parent's pid.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run build, stopped', () => {
  it('passes a TERM on to Astro, reports it, leaves no process behind and the build marked unfinished', async () => {
    const content = mkdtempSync(path.join(tmpdir(), 'scarbook-stopped-'));
    mkdirSync(path.join(content, 'runbooks/dns'), { recursive: true });
    writeFileSync(path.join(content, 'runbooks/dns/ok.md'), '# Fine\n\nA runbook.\n');
    const work = buildFolder('stopped');
    const build = spawn(process.execPath, [path.join(ROOT, 'scripts/build.ts')], {
      cwd: ROOT,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', SCARBOOK_CONTENT_DIR: content, SCARBOOK_OUT_DIR: path.join(work, 'dist'), SCARBOOK_CACHE_DIR: path.join(work, 'cache') },
    });
    let output = '';
    build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => build.once('exit', (code) => resolve(code)));
    // Astro's build is under way, and has marked itself unfinished (the integration logs it); Vite
    // then bundles the pages for a second or more.
    await expect.poll(() => output, { timeout: 60_000, interval: 20 }).toContain('output folder:');
    const children = childrenOf(build.pid!);
    expect(children).toHaveLength(2); // astro build, and run-build.ts beside it
    const started = [...children, ...children.flatMap(childrenOf)]; // and theirs: Pagefind's, Chromium
    build.kill('SIGTERM');
    const code = await exited;
    expect(code).not.toBe(0);
    expect(output).toContain('astro build failed (SIGTERM)');
    for (const pid of started) await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
    // The next build starts from an empty output folder (out-dir.ts).
    expect(existsSync(path.join(work, 'cache/scarbook-build-unfinished'))).toBe(true);
  });

  it('says to run npm run build when its finishing process is started alone', async () => {
    const error = await runCommand(process.execPath, [path.join(ROOT, 'scripts/build/run-build.ts')], { cwd: ROOT }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).stderr).toContain('run `npm run build`');
  });
});
