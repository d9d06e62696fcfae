import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalSchema, type Journal } from '../../src/schemas/drill-journal.ts';
import { inCI } from '../../tests/helpers/browser.ts';
import { toolOrSkip } from '../../tests/helpers/require-tool.ts';
import { BUSYBOX_IMAGE, makeBusyboxImage, startDockerd, type PrivateDockerd } from '../lab/testing/dockerd.ts';
import { freePort, waitFor } from '../lab/testing/server-process.ts';
import { startDrill } from './start-drill.ts';
import { drillRoot, pullDockerLab, type DrillRoot } from './testing/drill-root.ts';

/** The runner against a real Docker daemon: real containers, real crashes, real restart policies. */

function dockerdOrSkip(): boolean {
  if (toolOrSkip('dockerd', 'apt-get install -y docker.io busybox-static', 'drill runner') === 'skip') return false;
  if (process.getuid?.() === 0) return true;
  if (inCI()) throw new Error('[drill runner] CI is set but the tests do not run as root: dockerd needs root.');
  console.warn('\n[drill runner] not root: SKIPPING the live Docker drills (dockerd needs root).\n');
  return false;
}
const live = dockerdOrSkip() ? describe : describe.skip;
const CLI = path.join(import.meta.dirname, '../drill.ts');

live('drill runner against a real dockerd', () => {
  let d: PrivateDockerd;
  let lab: DrillRoot;
  const ports = { web: 0, bare: 0 };
  const env = () => ({ ...process.env, TEST_DOCKER: d.endpoint, WEB_PORT: String(ports.web), BARE_PORT: String(ports.bare), SCARBOOK_OPERATOR: 'drill test' });

  /** busybox httpd on 127.0.0.1:<port> of the host network, serving "ok"; httpd is the container's main process. */
  const httpd = (name: string, port: number, restart: string[]) =>
    d.docker(['run', '-d', '--name', name, '--network', 'host', ...restart, BUSYBOX_IMAGE, 'sh', '-c', `echo ok > /www/index.html && exec httpd -f -p 127.0.0.1:${port} -h /www`]);
  const answers = async (port: number) => (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text()).catch(() => '')).trim() === 'ok';
  const inspect = async (name: string) => JSON.parse(await d.docker(['inspect', '--format', '{{json .}}', name])) as { RestartCount: number; State: { Running: boolean; StartedAt: string; Pid: number } };

  const crashDrill = (container: string, portVar: string, recovery: Record<string, string>) => ({
    targets: [`container:drilltest/${container}`],
    mode: 'sandbox',
    hypothesis: `${container} comes back by itself after its main process dies.`,
    recovery,
    steady_state: [
      { type: 'http', name: 'web answers', url: `http://127.0.0.1:\${${portVar}}/`, body_contains: 'ok', latency_under: '2s' },
      { type: 'docker_health', container, endpoint: '${TEST_DOCKER}' },
    ],
    fault: [{ type: 'crash', container, endpoint: '${TEST_DOCKER}' }],
    rollback: [{ type: 'docker', action: 'start', container, endpoint: '${TEST_DOCKER}' }],
  });

  beforeAll(async () => {
    d = await startDockerd();
    await makeBusyboxImage(d);
    [ports.web, ports.bare] = [await freePort(), await freePort()];
    await httpd('web', ports.web, ['--restart', 'unless-stopped']);
    await httpd('bare', ports.bare, []);
    await waitFor('both httpd containers to answer', async () => ((await answers(ports.web)) && (await answers(ports.bare)) ? true : undefined), 30_000);
    lab = drillRoot();
    await pullDockerLab(lab.contentPath, d.endpoint, 'drilltest');
    lab.writeDrill('crash-web', crashDrill('web', 'WEB_PORT', { timeout: '20s', poll_interval: '250ms' }));
    lab.writeDrill('crash-bare', crashDrill('bare', 'BARE_PORT', { timeout: '3s', poll_interval: '500ms' }));
    lab.writeDrill('crash-bare-slow', crashDrill('bare', 'BARE_PORT', { timeout: '90s', poll_interval: '500ms' }));
    lab.writeDrill('pause-web', {
      ...crashDrill('web', 'WEB_PORT', { timeout: '2s', poll_interval: '500ms' }),
      steady_state: [{ type: 'http', url: 'http://127.0.0.1:${WEB_PORT}/', timeout: '1s' }],
      fault: [{ type: 'docker', action: 'pause', container: 'web', endpoint: '${TEST_DOCKER}' }],
      rollback: [{ type: 'docker', action: 'unpause', container: 'web', endpoint: '${TEST_DOCKER}' }],
    });
    lab.writeDrill('web-wrong-port', { ...crashDrill('web', 'WEB_PORT', {}), steady_state: [{ type: 'tcp', host: '127.0.0.1', port: await freePort(), timeout: '2s' }] });
  }, 300_000);
  afterAll(async () => {
    await d?.stop();
    lab?.remove();
  });

  const run = (id: string) => startDrill(id, { contentPath: lab.contentPath, root: lab.root, env: env(), signal: new AbortController().signal }).then((r) => {
    if (r.kind !== 'ran') throw new Error('expected a run');
    const onDisk = JournalSchema.parse(JSON.parse(readFileSync(r.file, 'utf8')));
    expect(onDisk).toEqual(r.journal);
    return r.journal;
  });
  const actions = (j: Journal, phase: string) => j.events.filter((e) => e.type === 'action' && e.phase === phase) as Extract<Journal['events'][number], { type: 'action' }>[];

  it('crash with a restart policy: the HTTP probe recovers, outcome survived, rollback ran', async () => {
    const before = await inspect('web');
    const j = await run('crash-web');
    expect(j.outcome).toBe('survived');
    expect(j.recoveryMs).toBeGreaterThan(0);
    expect(j.recoveryMs).toBeLessThan(20_000);
    expect(actions(j, 'fault')[0]).toMatchObject({ ok: true, output: `sent SIGKILL to PID ${before.State.Pid} (the main process of web, seen from the host)` });
    expect(actions(j, 'rollback')).toMatchObject([{ ok: true, description: `docker start web on ${d.endpoint}` }]);
    expect(j.rollbackOk).toBe(true);
    expect(j.events.filter((e) => e.type === 'phase').map((e) => e.phase)).toEqual(['steady-before', 'fault', 'recovery', 'rollback', 'done']);
    expect(j.events[0]).toMatchObject({ type: 'note', text: `variables: TEST_DOCKER=${d.endpoint}, WEB_PORT=${ports.web}` });
    expect(j.operator).toBe('drill test');
    expect(j.labSnapshot).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Docker really restarted it (restart policy), it was not the rollback's `docker start`.
    const after = await inspect('web');
    expect(after.RestartCount).toBe(before.RestartCount + 1);
    expect(after.State.Pid).not.toBe(before.State.Pid);
    expect(await answers(ports.web)).toBe(true);
  });

  it('the same without a restart policy: failed, and the rollback brings it back', async () => {
    const j = await run('crash-bare');
    expect(j.outcome).toBe('failed');
    expect(j.recoveryMs).toBeNull();
    expect(j.reason).toMatch(/^not steady within 3 s: probe 1 \(.*\); probe 2 \(exited \(exit code 137\)\) still failing$/);
    expect(actions(j, 'rollback')).toMatchObject([{ ok: true }]);
    expect(j.events.at(-2)).toMatchObject({ type: 'note', text: 'after the rollback the steady state holds again' });
    expect((await inspect('bare')).State.Running).toBe(true);
    expect(await answers(ports.bare)).toBe(true);
  });

  it('pause: a frozen container fails the probe by its timeout; the rollback unpauses it', async () => {
    const j = await run('pause-web');
    expect(j.outcome).toBe('failed');
    expect(j.events.filter((e) => e.type === 'probe' && e.phase === 'recovery').map((e) => (e as { detail: string }).detail)).toContain('no answer before the timeout');
    expect(actions(j, 'fault')).toMatchObject([{ ok: true, description: `docker pause web on ${d.endpoint}` }]);
    expect(actions(j, 'rollback')).toMatchObject([{ ok: true, description: `docker unpause web on ${d.endpoint}` }]);
    expect(await answers(ports.web)).toBe(true);
  });

  it('refuses when the steady state does not hold, and touches nothing', async () => {
    const before = await inspect('web');
    const j = await run('web-wrong-port');
    expect(j.outcome).toBe('aborted');
    expect(j.reason).toMatch(/^refused: the steady state does not hold before the fault \(probe 1: .*ECONNREFUSED.*\); nothing was touched/);
    expect(j.events.filter((e) => e.type === 'action')).toEqual([]);
    expect(j.rollbackOk).toBeNull();
    const after = await inspect('web');
    expect([after.State.Pid, after.RestartCount, after.State.StartedAt]).toEqual([before.State.Pid, before.RestartCount, before.State.StartedAt]);
  });

  it('the CLI: a second drill is refused while one runs; SIGINT rolls back and journals aborted', async () => {
    const journals = path.join(lab.contentPath, 'lab/drills/crash-bare-slow');
    const spawnCli = (id: string) => {
      const child = spawn(process.execPath, [CLI, id], { cwd: lab.root, env: { ...env(), SCARBOOK_CONTENT_DIR: lab.contentPath }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => { out += c; });
      child.stderr.on('data', (c: Buffer) => { out += c; });
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, output: () => out, exit };
    };
    const first = spawnCli('crash-bare-slow');
    try {
      const readJournal = () => {
        const files = existsSync(journals) ? readdirSync(journals).filter((f) => f.endsWith('.json')) : [];
        return files.length ? (JSON.parse(readFileSync(path.join(journals, files[0]!), 'utf8')) as Journal) : undefined;
      };
      // The journal on disk says where the run is: wait until it is polling for recovery.
      await waitFor('the first drill to reach recovery', async () => (readJournal()?.events.some((e) => e.type === 'phase' && e.phase === 'recovery') ? true : undefined), 60_000);
      expect(readJournal()?.outcome).toBe('running');

      const second = spawnCli('crash-web');
      expect(await second.exit).toBe(2);
      expect(second.output()).toContain(`another drill is running (PID ${first.child.pid}`);

      first.child.kill('SIGINT');
      expect(await first.exit).toBe(1);
      const j = JournalSchema.parse(readJournal());
      expect(j.outcome).toBe('aborted');
      expect(j.reason).toBe('interrupted (SIGINT) during recovery');
      expect(j.rollbackOk).toBe(true);
      expect(actions(j, 'rollback')).toMatchObject([{ ok: true, description: `docker start bare on ${d.endpoint}` }]);
      expect(first.output()).toContain('SIGINT: stopping the drill; the rollback runs now');
      expect((await inspect('bare')).State.Running).toBe(true);
      expect(await answers(ports.bare)).toBe(true);
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }

    // SIGTERM (a CI job cancelled, a systemd stop) does the same.
    const before = new Set(readdirSync(journals));
    const third = spawnCli('crash-bare-slow');
    try {
      const latest = () => readdirSync(journals).filter((f) => f.endsWith('.json') && !before.has(f)).map((f) => JSON.parse(readFileSync(path.join(journals, f), 'utf8')) as Journal)[0];
      await waitFor('the drill to reach recovery', async () => (latest()?.events.some((e) => e.type === 'phase' && e.phase === 'recovery') ? true : undefined), 60_000);
      third.child.kill('SIGTERM');
      expect(await third.exit).toBe(1);
      expect(latest()).toMatchObject({ outcome: 'aborted', reason: 'interrupted (SIGTERM) during recovery', rollbackOk: true });
      expect(await answers(ports.bare)).toBe(true);
    } finally {
      if (third.child.exitCode === null) third.child.kill('SIGKILL');
    }
  });
});
