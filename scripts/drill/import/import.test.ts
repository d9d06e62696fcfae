import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalSchema } from '../../../src/schemas/drill-journal.ts';
import { runCommand, CommandError } from '../../../src/lib/run-command.ts';
import { tempDir } from '../../lab/testing/server-process.ts';
import { importChaosToolkit } from './import.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const ROOT = path.resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => path.join(FIXTURES, name);
const tmp = tempDir('ctk-import');
afterAll(() => tmp.remove());

function contentDir(name: string): string {
  const dir = path.join(tmp.dir, name);
  mkdirSync(path.join(dir, 'drills'), { recursive: true });
  return dir;
}
const run = (journal: string, extra: Partial<Parameters<typeof importChaosToolkit>[0]> = {}) =>
  importChaosToolkit({ journal, contentPath: contentDir('c'), root: ROOT, dryRun: true, ...extra });

describe('importing real Chaos Toolkit journals', () => {
  it('chaoslib 1.44, completed: survived, with steady state before and after, the method, and the recovery time', async () => {
    const { journal } = await run(fixture('lfmpaes-redis-stop.journal.json'), { drill: 'redis-stop' });
    expect(JournalSchema.parse(journal)).toEqual(journal);
    expect(journal).toMatchObject({
      origin: 'chaostoolkit', drill: 'redis-stop', outcome: 'survived', startedAt: '2025-04-26T00:12:46.036Z',
      finishedAt: '2025-04-26T00:12:47.199Z', recoveryMs: 57, rollbackOk: null, operator: 'chaostoolkit@Lfmpaes-PC',
      notes: 'Simula indisponibilidade do Redis e observa se o sistema continua funcional.',
    });
    expect(journal.events.map((e) => (e.type === 'phase' ? `phase ${e.phase}` : e.type === 'note' ? 'note' : `${e.type} ${e.phase} ${e.ok}`))).toEqual([
      'note', 'phase steady-before', 'probe steady-before true',
      'phase fault', 'action fault true', 'action fault true', 'action fault true',
      'phase recovery', 'probe recovery true', 'phase done',
    ]);
    const [before] = journal.events.filter((e) => e.type === 'probe');
    expect(before).toMatchObject({ probe: 0, description: 'verifica_servico_aplicacao: GET http://192.168.15.13:3000/health', detail: 'HTTP 200: {"status":"ok","redis":"pong"}', ms: 10 });
    const actions = journal.events.filter((e) => e.type === 'action');
    expect(actions.map((a) => a.description)).toEqual([
      'parar_container_redis: `docker stop redis`',
      'probe verifica_servico_aplicacao_apos_falha: GET http://192.168.15.13:3000/health',
      'iniciar_container_redis: `docker start redis`',
    ]);
    expect(actions[1]).toMatchObject({ output: 'HTTP 500: {"status":"erro","message":"Socket closed unexpectedly"}' });
  });

  it('chaoslib 1.19, zone-less timestamps read as UTC; recovery includes the 40 s pause', async () => {
    const { journal, warnings } = await run(fixture('luisreciomelero-terminate-pod.journal.json'));
    expect(journal).toMatchObject({ drill: 'que-ocurre-cuando-eliminamos-el-microservicio-create', outcome: 'survived', startedAt: '2021-04-11T14:15:55.406Z', recoveryMs: 40_167 });
    expect(warnings[0]).toMatch(/^no drill definition content\/drills\/que-ocurre-cuando-eliminamos-el-microservicio-create\.md/);
    expect(journal.events.find((e) => e.type === 'action')).toMatchObject({ description: 'terminate-pod: chaosk8s.pod.actions.terminate_pods()', ok: true });
  });

  it('chaoslib 1.9, failed and deviated: failed, naming the probe and its error', async () => {
    const { journal } = await run(fixture('mdrcs-terminate-frontend.journal.json'), { drill: 'frontend' });
    expect(journal).toMatchObject({ outcome: 'failed', recoveryMs: null, reason: 'steady state did not hold after the method: application-should-be-alive-and-healthy' });
    const after = journal.events.filter((e) => e.type === 'probe' && e.phase === 'recovery');
    expect(after).toEqual([expect.objectContaining({ ok: false, detail: "chaoslib.exceptions.ActivityFailed: chaoslib.exceptions.ActivityFailed: pod 'run=frontend' is in phase 'Pending' but should be 'Running'" })]);
  });

  it('writes one journal per run under content/lab/drills, taking targets and mode from the drill definition; re-import rewrites the same file', async () => {
    const content = contentDir('with-drill');
    writeFileSync(path.join(content, 'drills/redis-stop.md'), '---\ntargets: [container:app/redis]\nmode: sandbox\nhypothesis: the app survives\nsteady_state: [{ type: tcp, host: 127.0.0.1, port: 6379 }]\nfault: [{ type: docker, action: stop, container: redis }]\n---\n');
    const first = await importChaosToolkit({ journal: fixture('lfmpaes-redis-stop.journal.json'), drill: 'redis-stop', contentPath: content, root: ROOT });
    expect(first.warnings).toEqual([]);
    expect(first.journal).toMatchObject({ targets: ['container:app/redis'], mode: 'sandbox' });
    const file = path.join(ROOT, first.file);
    expect(file).toBe(path.join(content, 'lab/drills/redis-stop/2025-04-26T00-12-46Z-chaostoolkit.json'));
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).definitionHash).toMatch(/^[0-9a-f]{64}$/);
    await importChaosToolkit({ journal: fixture('lfmpaes-redis-stop.journal.json'), drill: 'redis-stop', contentPath: content, root: ROOT });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('takes the experiment from --experiment when the journal holds none (test copy of a real journal with it cut out)', async () => {
    const raw = JSON.parse(readFileSync(fixture('mdrcs-terminate-frontend.journal.json'), 'utf8'));
    const experiment = path.join(tmp.dir, 'exp.json');
    writeFileSync(experiment, JSON.stringify(raw.experiment));
    delete raw.experiment;
    const bare = path.join(tmp.dir, 'bare', 'journal.json');
    mkdirSync(path.dirname(bare), { recursive: true });
    writeFileSync(bare, JSON.stringify(raw));
    await expect(run(bare)).rejects.toThrow(`${bare}: the journal holds no experiment and there is no experiment.json beside it; pass the experiment with --experiment <file>.`);
    const { journal } = await run(bare, { experiment });
    expect(journal).toMatchObject({ drill: 'terminating-the-greeting-service-should-not-impact-users', outcome: 'failed' });
  });

  it('keeps credentials out: planted in a test copy of a real journal, they never reach ours', async () => {
    const text = readFileSync(fixture('lfmpaes-redis-stop.journal.json'), 'utf8')
      .replaceAll('http://192.168.15.13:3000', 'http://drill:canary-pw-8812@192.168.15.13:3000')
      .replace('"X-Powered-By": "Express"', '"Authorization": "Bearer canary-token-5531"')
      .replace('{\\"status\\":\\"ok\\",\\"redis\\":\\"pong\\"}', '{\\"status\\":\\"ok\\",\\"password\\":\\"canary-body-0097\\"}');
    const planted = path.join(tmp.dir, 'planted.json');
    writeFileSync(planted, text);
    const { journal } = await run(planted);
    expect(JSON.stringify(journal)).not.toMatch(/canary/);
  });
});

describe('bad input', () => {
  it('a truncated journal: one line naming the file', async () => {
    const cut = path.join(tmp.dir, 'cut.json');
    writeFileSync(cut, readFileSync(fixture('mdrcs-terminate-frontend.journal.json'), 'utf8').slice(0, 2000));
    const error = await run(cut).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'ImportError' });
    expect((error as Error).message).toMatch(new RegExp(`^${cut}: not valid JSON \\(.*\\); expected the journal.json that \`chaos run\` wrote\\. If it was cut short`));
    expect((error as Error).message).not.toContain('\n');
  });

  it('an experiment passed as the journal says so and what to do', async () => {
    const raw = JSON.parse(readFileSync(fixture('mdrcs-terminate-frontend.journal.json'), 'utf8'));
    const exp = path.join(tmp.dir, 'experiment-only.json');
    writeFileSync(exp, JSON.stringify(raw.experiment));
    await expect(run(exp)).rejects.toThrow(`${exp}: this is a Chaos Toolkit experiment, not a journal (it has "method" but no "run"); import the journal.json that \`chaos run\` wrote, and pass this file with --experiment.`);
  });

  it('the CLI prints that one line and exits 1; a good journal prints what it wrote', async () => {
    const content = contentDir('cli');
    const env = { ...process.env, SCARBOOK_CONTENT_DIR: content } as Record<string, string>;
    const cli = path.join(ROOT, 'scripts/drill-import.ts');
    const failure = await runCommand(process.execPath, [cli, path.join(ROOT, 'package.json')], { cwd: ROOT, env }).catch((e: CommandError) => e);
    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as CommandError).exitCode).toBe(1);
    expect((failure as CommandError).stderr.trim()).toBe('package.json: not a Chaos Toolkit journal (expected "chaoslib-version" and "run" fields); pass the journal.json that `chaos run` wrote.'.replace(/^package\.json/, path.join(ROOT, 'package.json')));
    const out = await runCommand(process.execPath, [cli, fixture('mdrcs-terminate-frontend.journal.json'), '--drill', 'frontend', '--target', 'container:k8s/frontend'], { cwd: ROOT, env });
    expect(out).toMatch(/^wrote .*lab\/drills\/frontend\/2020-06-05T09-13-58Z-chaostoolkit\.json: failed \(steady state did not hold/);
    const written = JSON.parse(readFileSync(path.join(content, 'lab/drills/frontend/2020-06-05T09-13-58Z-chaostoolkit.json'), 'utf8'));
    expect(written).toMatchObject({ targets: ['container:k8s/frontend'], mode: 'production', origin: 'chaostoolkit' });
  });
});

describe('redactText', () => {
  it.each([
    ['{"user":"a","password":"hunter2"}', '{"user":"a","password":"[redacted]"}'],
    ['login ok token=abc123 next', 'login ok token="[redacted]" next'],
    ['GET https://u:p@host/x failed', 'GET https://host/x failed'],
    ['pod is Pending', 'pod is Pending'],
  ])('%s', async (input, want) => {
    const { redactText } = await import('./describe-activity.ts');
    expect(redactText(input)).toBe(want);
  });
});
