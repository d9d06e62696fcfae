import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../src/lib/run-command.ts';
import { buildSite } from '../helpers/build-site.ts';

describe('a build with invalid front matter', () => {
  it('fails, naming every bad file, field, the value given and what was expected', async () => {
    const content = mkdtempSync(path.join(tmpdir(), 'scarbook-invalid-'));
    mkdirSync(path.join(content, 'runbooks/dns'), { recursive: true });
    mkdirSync(path.join(content, 'drills'), { recursive: true });
    writeFileSync(path.join(content, 'runbooks/dns/ok.md'), '# Fine\n');
    writeFileSync(path.join(content, 'runbooks/dns/bad.md'), '---\ntitle: Bad\nmode: prod\nlast_verified: someday\n---\n# Bad\n');
    writeFileSync(path.join(content, 'drills/bad-drill.md'), '---\ntargets: [pihole]\nmode: sandbox\nhypothesis: x\nsteady_state: [{ type: ping }]\nfault: [{ type: manual, instructions: x }]\n---\n');
    const error = await buildSite(content, { name: 'invalid' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CommandError);
    const out = (error as CommandError).stderr + (error as CommandError).message;
    expect(out).toContain('2 content file(s) have invalid front matter');
    expect(out).toContain(`${path.join(content, 'runbooks/dns/bad.md')}`.replace(process.cwd() + '/', '').split('/').slice(-3).join('/'));
    expect(out).toContain('mode: got "prod"; expected one of "production" | "sandbox"');
    expect(out).toContain('last_verified: got "someday"; expected a date like 2026-09-14');
    expect(out).toContain('targets[0]: got "pihole"; expected an entity id of the form kind:name');
    expect(out).toContain('steady_state[0].type: got "ping"; expected one of the known types');
  });
});
