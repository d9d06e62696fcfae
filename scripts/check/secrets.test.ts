import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from './secrets.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Random canaries, built at run time so this file holds no credential-shaped text of its own. */
const alnum = (n: number) => Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');
const upper = (n: number) => Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('');
const canary = {
  github: `gh${'p'}_${alnum(36)}`,
  slack: `xox${'b'}-${alnum(12)}-${alnum(24)}`,
  aws: `AKI${'A'}${upper(16)}`,
  urlPassword: alnum(14),
  codePassword: `${alnum(10)}7`,
  envValue: `canary-${alnum(20)}`,
};
const KEY_HEADER = ['-----BEGIN', 'OPENSSH', 'PRIVATE', 'KEY-----'].join(' ');

/** A project with a built site and a lab snapshot, each with secrets planted at known lines. */
function plantedProject(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-secrets-'));
  writeFileSync(path.join(root, 'scarbook.config.json'), JSON.stringify({ contentDir: 'content', policy: { secretEnv: ['SCARBOOK_TEST_CANARY'] } }));
  mkdirSync(path.join(root, 'dist/runbooks/backup'), { recursive: true });
  writeFileSync(path.join(root, 'dist/runbooks/backup/index.html'), [
    '<!doctype html><html><body><article>',
    `<p>Push with <code>https://backup:${canary.urlPassword}@restic.lab.example/nas</code>.</p>`,
    // Shiki splits highlighted code into spans: the scan must still see `password=…`.
    `<pre><code><span style="color:#D73A49">export</span><span> RESTIC_PASSWORD</span><span>=</span><span>${canary.codePassword}</span></code></pre>`,
    `<p>CI token: ${canary.github}</p>`,
    `<pre>${KEY_HEADER}\nb3BlbnNzaC1rZXktdjEAAAAA\n</pre>`,
    '</article></body></html>',
  ].join('\n'));
  mkdirSync(path.join(root, 'content/lab/sources'), { recursive: true });
  writeFileSync(path.join(root, 'content/lab/sources/docker-nas.json'), [
    '{',
    '  "entities": [',
    `    { "attributes": { "env": "SLACK=${canary.slack}" }, "id": "container:nas/notify" },`,
    `    { "attributes": { "command": "restic --repo s3:${canary.aws}" }, "id": "container:nas/backup" },`,
    `    { "attributes": { "label": "${canary.envValue}" }, "id": "container:nas/web" }`,
    '  ]',
    '}',
  ].join('\n'));
  return root;
}

describe('the secret scan', () => {
  it('finds every planted canary in the built site and the snapshot, by file, line and rule', () => {
    const root = plantedProject();
    const found = scanForSecrets({ root, paths: [path.join(root, 'dist'), path.join(root, 'content/lab')], envValues: { SCARBOOK_TEST_CANARY: canary.envValue } });
    expect(found.map((p) => `${p.file}:${p.line} ${/\(rule ([^)]+)\)/.exec(p.message)![1]}`)).toEqual([
      'dist/runbooks/backup/index.html:2 password-in-url',
      'dist/runbooks/backup/index.html:3 password-assignment',
      'dist/runbooks/backup/index.html:4 github-token',
      'dist/runbooks/backup/index.html:5 private-key',
      'content/lab/sources/docker-nas.json:3 slack-token',
      'content/lab/sources/docker-nas.json:4 aws-access-key',
      'content/lab/sources/docker-nas.json:5 env:SCARBOOK_TEST_CANARY',
    ].sort((a, b) => (a.startsWith('dist') === b.startsWith('dist') ? 0 : a.startsWith('dist') ? -1 : 1)));
    expect(found.every((p) => p.gate === 'secrets')).toBe(true);
    const text = JSON.stringify(found);
    for (const value of Object.values(canary)) expect(text).not.toContain(value);
  });

  it('honours policy.allowSecrets for a path and rule', () => {
    const root = plantedProject();
    const found = scanForSecrets({ root, paths: [path.join(root, 'dist')], allow: [{ path: 'dist/runbooks/', rule: 'private-key' }] });
    expect(found.map((p) => p.line)).toEqual([2, 3, 4]);
  });

  it('finds nothing in the real example lab, nor in placeholders that stand for secrets', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'scarbook-secrets-clean-'));
    cpSync(path.join(ROOT, 'content/lab'), path.join(root, 'content/lab'), { recursive: true });
    mkdirSync(path.join(root, 'dist/runbooks'), { recursive: true });
    writeFileSync(path.join(root, 'dist/runbooks/index.html'), [
      '<p><code>restic -r rest:https://backup:$RESTIC_PASSWORD@restic.lab.example/</code></p>',
      '<p><code>password: &lt;your password&gt;</code>, <code>token=${NETBOX_TOKEN}</code>, <code>"password": "[redacted]"</code></p>',
      '<p>ssh://root@nas and https://grafana.lab.example/d/abc?orgId=1</p>',
      '<script>const t={token:this.terminals_[Gt]||Gt,password:secretFromTheForm};</script>',
    ].join('\n'));
    writeFileSync(path.join(root, 'dist/app.js'), 'const o={token:this.terminals_[Gt],apiKey:someConfigValue};');
    expect(scanForSecrets({ root, paths: [path.join(root, 'dist'), path.join(root, 'content/lab')], envValues: { RESTIC_PASSWORD: `not-in-any-file-${alnum(12)}` } })).toEqual([]);
  });

  it('fails `npm run check` with file:line and never prints the secret', async () => {
    const root = plantedProject();
    const err = await run(process.execPath, [path.join(ROOT, 'scripts/check.ts'), '--only', 'secrets', '--format', 'github'], {
      cwd: root,
      env: { ...process.env, SCARBOOK_CONTENT_DIR: '', SCARBOOK_OUT_DIR: '', GITHUB_STEP_SUMMARY: '', SCARBOOK_TEST_CANARY: canary.envValue },
    }).then(() => null, (e: { code: number; stdout: string; stderr: string }) => e);
    expect(err?.code).toBe(1);
    expect(err!.stdout).toContain('::error file=dist/runbooks/backup/index.html,line=4,col=');
    expect(err!.stdout).toContain('::error file=content/lab/sources/docker-nas.json,line=5,col=');
    expect(err!.stdout).toContain('the value of $SCARBOOK_TEST_CANARY');
    for (const value of Object.values(canary)) expect(err!.stdout + err!.stderr).not.toContain(value);
  });
});
