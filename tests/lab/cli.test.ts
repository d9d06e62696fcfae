import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/build-site.ts';

const run = promisify(execFile);

/** Runs a project script as a user would (`node scripts/x.ts …` is what the npm scripts run) in `cwd`. */
async function script(cwd: string, file: string, args: string[] = []): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'scripts', file), ...args], { cwd, env: { ...process.env, SCARBOOK_CONTENT_DIR: '' } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** A project whose lab is the real example snapshot, and whose documents name one known and one unknown entity. */
function project(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-cli-'));
  writeFileSync(path.join(root, 'scarbook.config.json'), '{"contentDir":"content"}');
  cpSync(path.join(ROOT, 'content/lab/sources'), path.join(root, 'content/lab/sources'), { recursive: true });
  mkdirSync(path.join(root, 'content/runbooks'), { recursive: true });
  writeFileSync(path.join(root, 'content/runbooks/db.md'), '---\ntitle: Postgres\nservices: [container:nas/postgres, container:nas/mariadb]\n---\n# Postgres\n');
  return root;
}

describe('npm run check and the lab', () => {
  it('warns about documents naming entities the lab lacks, and production entities without a runbook', async () => {
    const root = project();
    const { code, out } = await script(root, 'check.ts');
    expect(code).toBe(0);
    expect(out).toContain('content/runbooks/db.md:3:1: warning: names container:nas/mariadb, which no lab source has seen');
    expect(out).not.toContain('names container:nas/postgres');
    expect(out).toMatch(/warning: production container container:nas\/nextcloud has no runbook/);
    expect(out).not.toMatch(/production container container:nas\/postgres has no runbook/);
  });

  it('fails on those warnings with --strict', async () => {
    const { code, out } = await script(project(), 'check.ts', ['--strict']);
    expect(code).toBe(1);
    expect(out).toMatch(/problem\(s\) in/);
  });
});

describe('npm run lab:pull --strict', () => {
  it('exits 0 when a source fails (it is marked stale), and 1 with --strict', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'scarbook-cli-'));
    mkdirSync(path.join(root, 'content/lab'), { recursive: true });
    writeFileSync(path.join(root, 'content/lab/sources.yaml'), 'timeoutSeconds: 2\nsources:\n  - { name: proxy, type: caddy, url: "http://127.0.0.1:1" }\n');
    const lenient = await script(root, 'lab-pull.ts');
    expect(lenient.code).toBe(0);
    expect(lenient.out).toMatch(/proxy \(caddy\) … FAILED in [\d.]+ s: .*GET http:\/\/127\.0\.0\.1:1\/config\/.*\n\s+no earlier snapshot to keep\n0 source\(s\) pulled, 1 failed\./);
    expect((await script(root, 'lab-pull.ts', ['--strict'])).code).toBe(1);
  });
});
