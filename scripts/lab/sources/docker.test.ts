import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import { runCommand } from '../../../src/lib/run-command.ts';
import { toolOrSkip, which } from '../../../tests/helpers/require-tool.ts';
import { inCI } from '../../../tests/helpers/browser.ts';
import type { FetchContext, Observation, RawOutput } from '../collector.ts';
import { freePort, waitFor } from '../testing/server-process.ts';
import { BUSYBOX_IMAGE, makeBusyboxImage, startDockerd, type PrivateDockerd } from '../testing/dockerd.ts';
import { dockerCollector, type DockerConfig } from './docker.ts';
import { startPrivateSshd } from './linux-host/test-sshd.ts';

/** A real private dockerd with a small Compose-labelled lab; every fact below is what Docker really reported. */

function dockerdOrSkip(): 'run' | 'skip' {
  if (toolOrSkip('dockerd', 'apt-get install -y docker.io busybox-static', 'docker collector') === 'skip') return 'skip';
  if (process.getuid?.() === 0) return 'run';
  if (inCI()) throw new Error('[docker collector] CI is set but the tests do not run as root: dockerd needs root. Run .ci/run as root.');
  console.warn('\n[docker collector] not root: SKIPPING the live dockerd tests (dockerd needs root).\n');
  return 'skip';
}

const live = dockerdOrSkip() === 'run' ? describe : describe.skip;
const RECORD_DIR = path.join(import.meta.dirname, '__recorded__/docker');

function context(env: NodeJS.ProcessEnv = process.env): FetchContext {
  return { source: 'docker-lab', run: runCommand, get: () => Promise.reject(new Error('no HTTP here')), env };
}

live('docker collector against a real dockerd', () => {
  let d: PrivateDockerd;
  let config: DockerConfig;
  let raw: RawOutput;
  let observation: Observation;
  const r = randomBytes(6).toString('hex');
  const canaries = [`canary-env-${r}`, `canary-label-${r}`, `canary-url-${r}`, `canary-arg-${r}`];
  const entity = (id: string) => observation.entities.find((e) => e.id === id);
  const attrs = (id: string) => entity(id)?.attributes as Record<string, unknown>;
  const edgesFrom = (from: string, type: string) => observation.edges.filter((e) => e.from === from && e.type === type).map((e) => [e.to, e.evidence.map((v) => (v.kind === 'observed' ? v.via : ''))]);

  let tcpPort = 0;
  beforeAll(async () => {
    tcpPort = await freePort();
    d = await startDockerd({ tcpPort });
    await makeBusyboxImage(d);
    const bind = path.join(d.root, 'site');
    mkdirSync(bind);
    writeFileSync(path.join(bind, 'index.html'), 'hello\n');
    const compose = (service: string) => ['--label', 'com.docker.compose.project=homelab', '--label', `com.docker.compose.service=${service}`, '--label', 'com.docker.compose.project.working_dir=/srv/homelab', '--label', 'com.docker.compose.project.config_files=/srv/homelab/compose.yaml'];
    // A random /24 so two private daemons (parallel test runs) never share a subnet.
    const subnet = `10.${100 + (randomBytes(1)[0]! % 100)}.${randomBytes(1)[0]}.0/24`;
    await d.docker(['network', 'create', '--subnet', subnet, '--label', 'com.docker.compose.project=homelab', 'homelab_default']);
    await d.docker(['volume', 'create', '--label', 'com.docker.compose.project=homelab', 'homelab_dbdata']);
    const net = (alias: string) => ['--network', 'homelab_default', '--network-alias', alias];
    await d.docker(['run', '-d', '--name', 'homelab-db-1', ...compose('db'), ...net('db'), '--label', 'scarbook.mode=production',
      '-v', 'homelab_dbdata:/var/lib/db', '-e', `POSTGRES_PASSWORD=canary-env-${r}`, '--restart', 'unless-stopped',
      '--health-cmd', 'test -d /var/lib/db', '--health-interval', '1s', BUSYBOX_IMAGE, 'sleep', '3600']);
    await d.docker(['run', '-d', '--name', 'homelab-web-1', ...compose('web'), ...net('web'),
      '--label', 'com.docker.compose.depends_on=db:service_started:false', '--label', `com.example.password=canary-label-${r}`,
      '--label', `com.example.upstream=https://user:canary-url-${r}@upstream.example/`, '--label', 'scarbook.mode=sandbox',
      '-e', `DATABASE_URL=postgres://app:canary-env-${r}@db:5432/app`, '-e', `API_TOKEN=canary-env-${r}`, '-e', 'LOG_LEVEL=debug',
      '-p', '127.0.0.1::80', '-v', `${bind}:/www:ro`, '--tmpfs', '/tmp', '--restart', 'on-failure:3', BUSYBOX_IMAGE, 'httpd', '-f', '-p', '80', '-h', '/www']);
    // Shares the network with db and web but names neither: member-of only, never depends-on.
    await d.docker(['run', '-d', '--name', 'homelab-cache-1', ...compose('cache'), ...net('cache'), BUSYBOX_IMAGE, 'sh', '-c', 'exec sleep 3600', '--token', `canary-arg-${r}`]);
    // Not Compose, no network, no volume: all its data dies with it.
    await d.docker(['run', '-d', '--name', 'scratchpad', '--network', 'none', '-e', 'DB_HOST=homelab-db-1', BUSYBOX_IMAGE, 'sleep', '3600']);
    await d.docker(['run', '--name', 'oneshot', '--network', 'none', BUSYBOX_IMAGE, 'true']);
    await d.docker(['create', '--name', 'never-started', '--network', 'none', BUSYBOX_IMAGE, 'true']);
    const health = async () => ((await d.docker(['inspect', '-f', '{{.State.Health.Status}}', 'homelab-db-1'])).trim() === 'healthy' ? true : undefined);
    await waitFor('homelab-db-1 to become healthy (health check every 1 s)', health, 90_000);

    config = dockerCollector.configSchema.parse({ name: 'docker-lab', type: 'docker', endpoint: d.endpoint, host: 'labhost' });
    raw = await dockerCollector.fetch(config, context());
    observation = dockerCollector.parse(raw, config);
    if (process.env['SCARBOOK_RECORD_LAB'] === '1') {
      mkdirSync(RECORD_DIR, { recursive: true });
      for (const [file, text] of Object.entries(dockerCollector.sanitize!(raw, config))) writeFileSync(path.join(RECORD_DIR, file), text);
    }
  }, 240_000);

  afterAll(async () => {
    await d?.stop();
  }, 120_000);

  it('produces schema-valid, sorted entities and edges', () => {
    for (const e of observation.entities) EntitySchema.parse(e);
    for (const e of observation.edges) EdgeSchema.parse(e);
    const ids = observation.entities.map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
    const keys = observation.edges.map((e) => `${e.from} ${e.to} ${e.type}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The bind mount's id holds the temp folder: normalised so the snapshot is stable.
    const rows = observation.entities.map((e) => [e.id.replace(d.root, '<tmp>'), e.status, e.mode].filter(Boolean).join(' '));
    expect(rows).toMatchInlineSnapshot(`
      [
        "bind-mount:labhost:<tmp>/site",
        "container:labhost/homelab-cache-1 running",
        "container:labhost/homelab-db-1 healthy production",
        "container:labhost/homelab-web-1 running sandbox",
        "container:labhost/never-started created",
        "container:labhost/oneshot exited",
        "container:labhost/scratchpad running",
        "host:labhost up",
        "network:labhost/homelab_default",
        "service:homelab/cache",
        "service:homelab/db",
        "service:homelab/web",
        "volume:labhost/homelab_dbdata",
      ]
    `);
  });

  it('describes the host from docker info', () => {
    const host = entity('host:labhost');
    expect(host?.attributes).toMatchObject({ dockerVersion: expect.stringMatching(/^\d+\.\d+/), kernel: expect.any(String), os: expect.any(String) });
    expect(host?.aliases).toHaveLength(1); // the daemon's own name
  });

  it('reads containers: image, restart policy, health, ports, mounts, persistence, compose', () => {
    const web = attrs('container:labhost/homelab-web-1');
    expect(web).toMatchObject({ image: BUSYBOX_IMAGE, imageId: expect.stringMatching(/^sha256:/), imageDigest: null, restartPolicy: { name: 'on-failure', maximumRetryCount: 3 }, health: null, persistence: 'bind', networkMode: 'homelab_default', networks: ['homelab_default'] });
    expect(web['ports']).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: expect.any(Number) }]);
    expect(web['mounts']).toEqual([{ type: 'tmpfs', source: '', destination: '/tmp', readOnly: false }, { type: 'bind', source: path.join(d.root, 'site'), destination: '/www', readOnly: true }]);
    expect(web['compose']).toEqual({ project: 'homelab', service: 'web', workingDir: '/srv/homelab', configFiles: ['/srv/homelab/compose.yaml'] });
    expect(web['envNames']).toEqual(['API_TOKEN', 'DATABASE_URL', 'LOG_LEVEL', 'PATH']);
    expect(web['command']).toBe('httpd -f -p 80 -h /www');
    expect(typeof web['createdAt']).toBe('string');
    const db = attrs('container:labhost/homelab-db-1');
    expect(db).toMatchObject({ restartPolicy: { name: 'unless-stopped', maximumRetryCount: 0 }, health: { status: 'healthy', failingStreak: 0 }, persistence: 'volume', mounts: [{ type: 'volume', source: 'homelab_dbdata', destination: '/var/lib/db', readOnly: false }] });
    expect(attrs('container:labhost/scratchpad')).toMatchObject({ persistence: 'none', mounts: [], compose: null, networks: ['none'], networkMode: 'none' });
    expect(attrs('container:labhost/homelab-cache-1')['command']).toBe('sh -c exec sleep 3600 --token [redacted]');
  });

  it('redacts labels and keeps no environment values or planted secrets', () => {
    const labels = attrs('container:labhost/homelab-web-1')['labels'] as Record<string, string>;
    expect(labels['com.example.password']).toBe('[redacted]');
    expect(labels['com.example.upstream']).toBe('https://upstream.example/');
    expect(labels['com.docker.compose.service']).toBe('web');
    const sanitized = JSON.stringify(dockerCollector.sanitize!(raw, config));
    const seen = JSON.stringify(observation);
    for (const canary of canaries) {
      expect(JSON.stringify(raw), `${canary} was planted`).toContain(canary);
      expect(seen).not.toContain(canary);
      expect(sanitized).not.toContain(canary);
    }
  });

  it('reads volumes, bind mounts, user-defined networks and Compose services', () => {
    expect(attrs('volume:labhost/homelab_dbdata')).toEqual({ driver: 'local', hostPath: expect.stringContaining(d.root), anonymous: false });
    expect(attrs(`bind-mount:labhost:${path.join(d.root, 'site')}`)).toEqual({ hostPath: path.join(d.root, 'site') });
    expect(attrs('network:labhost/homelab_default')).toEqual({ driver: 'bridge', subnet: expect.stringMatching(/^10\.\d+\.\d+\.0\/24$/) });
    expect(observation.entities.filter((e) => e.kind === 'network').map((e) => e.id)).toEqual(['network:labhost/homelab_default']);
    expect(attrs('service:homelab/web')).toEqual({ project: 'homelab' });
  });

  it('infers edges: runs-on, stores-on, member-of, depends-on from Compose and env', () => {
    expect(edgesFrom('container:labhost/homelab-web-1', 'depends-on')).toEqual([['container:labhost/homelab-db-1', ['compose depends_on', 'env DATABASE_URL']]]);
    expect(edgesFrom('container:labhost/scratchpad', 'depends-on')).toEqual([['container:labhost/homelab-db-1', ['env DB_HOST']]]);
    expect(observation.edges.filter((e) => e.type === 'depends-on' && [e.from, e.to].includes('container:labhost/homelab-cache-1'))).toEqual([]);
    expect(edgesFrom('container:labhost/homelab-web-1', 'member-of')).toEqual([['network:labhost/homelab_default', ['docker network']], ['service:homelab/web', ['compose labels']]]);
    expect(edgesFrom('container:labhost/homelab-db-1', 'stores-on')).toEqual([['volume:labhost/homelab_dbdata', ['volume mount /var/lib/db']]]);
    expect(edgesFrom('container:labhost/oneshot', 'runs-on')).toEqual([['host:labhost', ['docker inspect']]]);
    for (const e of observation.edges) expect(e.evidence.every((v) => v.kind === 'observed' && v.source === 'docker-lab')).toBe(true);
  });

  it('gives the same observation when replaying the sanitized raw output', () => {
    const sanitized = dockerCollector.sanitize!(raw, config);
    expect(dockerCollector.parse(sanitized, config)).toEqual(observation);
    expect(dockerCollector.sanitize!(sanitized, config)).toEqual(sanitized); // idempotent
  });

  it('uses DOCKER_HOST and the daemon name when endpoint and host are not configured', async () => {
    const bare = dockerCollector.configSchema.parse({ name: 'docker-lab', type: 'docker' });
    const seen = dockerCollector.parse(await dockerCollector.fetch(bare, context({ ...process.env, DOCKER_HOST: d.endpoint })), bare);
    const host = seen.entities.find((e) => e.kind === 'host');
    expect(host?.aliases).toEqual(entity('host:labhost')?.aliases);
    expect(seen.entities.filter((e) => e.kind === 'container')).toHaveLength(6);
  });

  it('reads the same lab through a tcp:// endpoint', async () => {
    const overTcp = dockerCollector.configSchema.parse({ name: 'docker-lab', type: 'docker', endpoint: `tcp://127.0.0.1:${tcpPort}`, host: 'labhost' });
    expect(dockerCollector.parse(await dockerCollector.fetch(overTcp, context()), overTcp)).toEqual(observation);
  });

  it('reads the same lab through an ssh:// endpoint (docker over a real ssh connection)', async () => {
    const sshd = toolOrSkip('sshd', 'apt-get install -y openssh-server', 'docker over ssh');
    if (sshd === 'skip') return;
    // The remote side runs `docker system dial-stdio`, which must find this test's daemon.
    const server = await startPrivateSshd(sshd, [`SetEnv DOCKER_HOST=${d.endpoint}`]);
    try {
      // The docker CLI runs plain `ssh`, which reads the login user's ~/.ssh/config. Rather than
      // touch that, an `ssh` earlier on PATH adds this test's own config file.
      const bin = mkdtempSync(path.join(tmpdir(), 'scarbook-ssh-bin-'));
      writeFileSync(path.join(bin, 'ssh_config'), `Host 127.0.0.1\n  IdentityFile ${server.dir}/client_key\n  IdentitiesOnly yes\n  UserKnownHostsFile ${server.dir}/known_hosts\n  StrictHostKeyChecking yes\n  BatchMode yes\n`);
      writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec ${which('ssh')} -F ${bin}/ssh_config "$@"\n`, { mode: 0o755 });
      const overSsh = dockerCollector.configSchema.parse({ name: 'docker-lab', type: 'docker', endpoint: `ssh://${server.target}:${server.port}`, host: 'labhost' });
      expect(dockerCollector.parse(await dockerCollector.fetch(overSsh, context({ ...process.env, PATH: `${bin}:${process.env.PATH}` })), overSsh)).toEqual(observation);
    } finally {
      await server.stop();
    }
  });

  it('fails with the endpoint and what to do when the daemon is down', async () => {
    await d.stop();
    await expect(dockerCollector.fetch(config, context())).rejects.toThrow(new RegExp(`cannot reach the Docker daemon at ${d.endpoint}.*\\n.*Is dockerd running`, 's'));
  });
});
