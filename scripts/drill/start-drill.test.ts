import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalSchema } from '../../src/schemas/drill-journal.ts';
import { ContentError } from '../../src/schemas/format-error.ts';
import { DrillRefused } from './guards.ts';
import { startDrill, type StartDrillOptions } from './start-drill.ts';
import { copyExampleLab, drillRoot, type DrillRoot } from './testing/drill-root.ts';

/** Guards, validation and journalling, against the example lab's recorded graph and a real TCP listener. */
describe('startDrill', () => {
  let lab: DrillRoot;
  let server: Server;
  let port = 0;
  const canary = `canary-${Math.random().toString(36).slice(2)}`;
  const base = () => ({
    targets: ['container:nas/pihole'],
    mode: 'sandbox',
    hypothesis: 'It holds.',
    recovery: { timeout: '2s', poll_interval: '100ms' },
    steady_state: [{ type: 'tcp', host: '127.0.0.1', port: '${LISTEN_PORT:-1}' }],
    fault: [{ type: 'command', run: 'echo fault ran; echo "token=$DRILL_API_TOKEN"' }],
    rollback: [{ type: 'command', run: 'echo rolled back' }],
  });
  const options = (extra: Partial<StartDrillOptions> = {}): StartDrillOptions => ({
    contentPath: lab.contentPath,
    root: lab.root,
    env: { ...process.env, LISTEN_PORT: String(port), DRILL_API_TOKEN: canary, SCARBOOK_DRILLS_DISABLED: '' },
    signal: new AbortController().signal,
    ...extra,
  });
  const journals = (id: string) => {
    const dir = path.join(lab.contentPath, 'lab/drills', id);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  };
  const failure = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: Error) => e);

  beforeAll(async () => {
    lab = drillRoot();
    copyExampleLab(lab.contentPath);
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    lab.writeDrill('ok', base());
    lab.writeDrill('prod', { ...base(), mode: 'production' });
    lab.writeDrill('manual', { ...base(), fault: [{ type: 'manual', instructions: 'Pull the power of pve2.' }] });
    lab.writeDrill('broken-fault', { ...base(), fault: [{ type: 'command', run: 'echo half; exit 7' }] });
    lab.writeDrill('bad-probe', { ...base(), steady_state: [{ type: 'tcp', host: 'nas', port: 'http' }] });
    lab.writeDrill('unknown-target', { ...base(), targets: ['container:nas/pihole', 'host:pve2'] });
    lab.writeDrill('no-var', { ...base(), steady_state: [{ type: 'http', url: 'http://${NAS_HOST_UNSET}/' }] });
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    lab.remove();
  });

  it('runs a drill and journals every step, with secrets redacted', async () => {
    const r = await startDrill('ok', options());
    if (r.kind !== 'ran') throw new Error('expected a run');
    const text = readFileSync(r.file, 'utf8');
    expect(text).not.toContain(canary);
    const j = JournalSchema.parse(JSON.parse(text));
    expect(j).toMatchObject({ outcome: 'survived', origin: 'runner', drill: 'ok', rollbackOk: true, mode: 'sandbox', targets: ['container:nas/pihole'] });
    expect(j.definitionHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(j.events.filter((e) => e.type === 'action').map((e) => (e as { output: string }).output)).toEqual(['fault ran\ntoken=[redacted]', 'rolled back']);
    expect(j.events[0]).toMatchObject({ type: 'note', text: `variables: LISTEN_PORT=${port}` });
    expect(path.basename(r.file)).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.json$/);
  });

  it('--dry-run prints the plan and touches nothing', async () => {
    const r = await startDrill('prod', options({ dryRun: true }));
    expect(r.kind).toBe('plan');
    if (r.kind === 'plan') expect(r.plan).toContain(`1. TCP connect to 127.0.0.1:${port}`);
    expect(journals('prod')).toEqual([]);
  });

  it('refuses a production drill without --yes, and asks when someone can answer', async () => {
    const e = await failure(startDrill('prod', options()));
    expect(e).toBeInstanceOf(DrillRefused);
    expect(e.message).toBe('prod is a production drill (content/drills/prod.md: mode: production) and nobody is at a terminal to confirm it. Run it with --yes if breaking container:nas/pihole now is fine.');
    expect((await failure(startDrill('prod', options({ confirmProduction: async () => false })))).message).toBe('prod: not confirmed, nothing was touched.');
    expect(journals('prod')).toEqual([]);
    expect((await startDrill('prod', options({ yes: true }))).kind).toBe('ran');
  });

  it('refuses everything while the kill switch is on (variable or file), saying how to lift it', async () => {
    const env = { ...options().env, SCARBOOK_DRILLS_DISABLED: '1' };
    expect((await failure(startDrill('ok', options({ env })))).message).toBe('drills are disabled: SCARBOOK_DRILLS_DISABLED=1 is set. Unset it (unset SCARBOOK_DRILLS_DISABLED) to run drills again.');
    writeFileSync(path.join(lab.root, '.drills-disabled'), 'router firmware upgrade until Sunday\n');
    try {
      const e = await failure(startDrill('ok', options()));
      expect(e).toBeInstanceOf(DrillRefused);
      expect(e.message).toBe('drills are disabled by .drills-disabled at the repository root ("router firmware upgrade until Sunday"). Remove that file to run drills again.');
    } finally {
      (await import('node:fs')).rmSync(path.join(lab.root, '.drills-disabled'));
    }
  });

  it('takes over a lock left by a dead runner, and refuses a live one', async () => {
    const lock = path.join(lab.contentPath, 'lab/.drill.lock');
    const dead = spawnSync('true').pid!;
    writeFileSync(lock, String(dead));
    expect((await startDrill('ok', options())).kind).toBe('ran');
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, String(process.pid));
    try {
      expect((await failure(startDrill('ok', options()))).message).toMatch(new RegExp(`^another drill is running \\(PID ${process.pid}, lock .*\\.drill\\.lock\\); one drill at a time`));
    } finally {
      (await import('node:fs')).rmSync(lock);
    }
  });

  it('a manual step with nobody at a terminal ends the drill as an error, and the rollback still runs', async () => {
    const r = await startDrill('manual', options());
    if (r.kind !== 'ran') throw new Error('expected a run');
    expect(r.journal.outcome).toBe('error');
    expect(r.journal.reason).toMatch(/^fault action 1 \(Operator: Pull the power of pve2\.\) failed: this manual step needs an operator at a terminal/);
    expect(r.journal.rollbackOk).toBe(true);
  });

  it('a manual step waits for the operator: confirmed goes on, declined is an error', async () => {
    const asked: string[] = [];
    const operator = (answer: boolean) => ({ confirm: async (text: string) => (asked.push(text), answer) });
    const yes = await startDrill('manual', options({ operator: operator(true) }));
    const no = await startDrill('manual', options({ operator: operator(false) }));
    if (yes.kind !== 'ran' || no.kind !== 'ran') throw new Error('expected runs');
    expect(asked).toEqual(['Pull the power of pve2.', 'Pull the power of pve2.']);
    expect(yes.journal.outcome).toBe('survived');
    expect(no.journal).toMatchObject({ outcome: 'error', reason: 'fault action 1 (Operator: Pull the power of pve2.) failed: the operator did not confirm the step' });
  });

  it('a fault that fails is an error of the drill, with its output', async () => {
    const r = await startDrill('broken-fault', options());
    if (r.kind !== 'ran') throw new Error('expected a run');
    expect(r.journal).toMatchObject({ outcome: 'error', reason: 'fault action 1 (`echo half; exit 7`) failed: exited 7:\nhalf', rollbackOk: true });
  });

  it.each([
    ['bad-probe', ContentError, 'content/drills/bad-probe.md: invalid front matter\n  - steady_state[0].port: got "http"; expected a port number from 1 to 65535 (or ${VAR:-default})'],
    ['unknown-target', ContentError, 'content/drills/unknown-target.md: drill aims at something the lab does not have\n  - targets[1]: got "host:pve2"; expected an entity of the lab graph'],
    ['no-var', Error, 'content/drills/no-var.md: environment variables missing\n  - steady_state[0].url: ${NAS_HOST_UNSET} is not set and has no default'],
    ['nope', Error, 'no drill "nope" in content/drills (known drills: bad-probe, broken-fault, manual, no-var, ok, prod, unknown-target)'],
  ])('%s: a clear error naming the file and the field, before anything runs', async (id, type, start) => {
    const e = await failure(startDrill(id, options()));
    expect(e).toBeInstanceOf(type);
    expect(e.message.startsWith(start)).toBe(true);
    expect(journals(id)).toEqual([]);
  });
});
