import { describe, expect, it } from 'vitest';
import type { RawOutput } from '../../collector.ts';
import { dockerCollector } from '../docker.ts';
import { redactArgs } from './container.ts';
import { hostTokens } from './deps.ts';
import type { ContainerInspect } from './raw.ts';

/** Edge cases real labs have and the test lab does not: small hand-written `docker inspect` rows. */

const config = { name: 'docker-nas', type: 'docker' as const };
let n = 0;
function container(name: string, extra: Partial<ContainerInspect> & { env?: string[]; labels?: Record<string, string>; aliases?: string[] } = {}): ContainerInspect {
  const id = (++n).toString(16).padStart(64, 'a');
  const { env, labels, aliases, ...rest } = extra;
  return {
    Id: id,
    Name: `/${name}`,
    Image: 'sha256:1',
    State: { Status: 'running', Running: true },
    HostConfig: { NetworkMode: aliases ? 'lab' : 'bridge' },
    Config: { Image: 'img', Env: env ?? [], Labels: labels ?? {} },
    NetworkSettings: { Networks: aliases ? { lab: { Aliases: [...aliases, id.slice(0, 12)] } } : { bridge: {} } },
    ...rest,
  };
}
function raw(containers: ContainerInspect[]): RawOutput {
  return { 'info.json': JSON.stringify({ Name: 'NAS.lab.example', ServerVersion: '28.2.2' }), 'containers.json': JSON.stringify(containers) };
}
const deps = (r: RawOutput) => dockerCollector.parse(r, config).edges.filter((e) => e.type === 'depends-on').map((e) => `${e.from} -> ${e.to} (${e.evidence.map((v) => (v.kind === 'observed' ? v.via : '')).join('; ')})`);

describe('hostTokens', () => {
  it.each([
    ['postgres', ['postgres']],
    ['db:5432', ['db']],
    ['postgres://app:S3cret@postgres:5432/db', ['postgres']],
    ['jdbc:postgresql://pg.internal:5432/app?ssl=true', ['pg.internal']],
    ['mongodb://u:p@mongo1:27017,mongo2:27017/app', ['mongo1', 'mongo2']],
    ['redis://redis', ['redis']],
    ['/var/lib/db', []],
    ['http://[::1]:8080/', []],
    ['--flag=value', []],
  ])('%s → %j', (value, tokens) => {
    expect(hostTokens(value)).toEqual(tokens);
  });
});

describe('depends-on inference', () => {
  it('matches env values against container names, Compose services of the same project and network aliases, whole names only', () => {
    const db = container('postgres');
    const cache = container('homelab-redis-1', { labels: { 'com.docker.compose.project': 'homelab', 'com.docker.compose.service': 'redis' } });
    const mq = container('rabbitmq-1', { aliases: ['queue'] });
    const other = container('other-redis-1', { labels: { 'com.docker.compose.project': 'other', 'com.docker.compose.service': 'redis' } });
    const app = container('app', {
      labels: { 'com.docker.compose.project': 'homelab', 'com.docker.compose.service': 'app' },
      env: ['DATABASE_URL=postgres://app:S3cret@postgres:5432/db', 'CACHE=redis:6379', 'AMQP=amqp://queue', 'NOT_A_HOST=postgres-old', 'SELF=app'],
    });
    expect(deps(raw([db, cache, mq, other, app]))).toEqual([
      'container:nas/app -> container:nas/homelab-redis-1 (env CACHE)',
      'container:nas/app -> container:nas/postgres (env DATABASE_URL)',
      'container:nas/app -> container:nas/rabbitmq-1 (env AMQP)',
    ]);
  });

  it('resolves Compose depends_on to containers of the same project, ignoring unknown services', () => {
    const label = (service: string, project = 'p') => ({ 'com.docker.compose.project': project, 'com.docker.compose.service': service });
    const web = container('p-web-1', { labels: { ...label('web'), 'com.docker.compose.depends_on': 'db:service_healthy:true,ghost:service_started:false' } });
    expect(deps(raw([web, container('p-db-1', { labels: label('db') }), container('q-db-1', { labels: label('db', 'q') })]))).toEqual([
      'container:nas/p-web-1 -> container:nas/p-db-1 (compose depends_on)',
    ]);
  });

  it('sees legacy links and a shared network namespace as dependencies', () => {
    const vpn = container('vpn');
    const torrent = container('torrent', { HostConfig: { NetworkMode: `container:${vpn.Id}` } });
    const web = container('web', { HostConfig: { Links: ['/vpn:/web/gateway'] } });
    expect(deps(raw([vpn, torrent, web]))).toEqual(['container:nas/torrent -> container:nas/vpn (network_mode container)', 'container:nas/web -> container:nas/vpn (link)']);
  });

  it('keeps only matching host names when sanitizing, so replay infers the same edges', () => {
    const r = raw([container('postgres'), container('app', { env: ['DATABASE_URL=postgres://app:S3cret@postgres:5432/db', 'TOKEN=abc'] })]);
    const clean = dockerCollector.sanitize!(r, config);
    expect(JSON.parse(clean['containers.json']!)[1].Config.Env).toEqual(['DATABASE_URL=postgres', 'TOKEN=']);
    expect(clean['containers.json']).not.toContain('S3cret');
    expect(dockerCollector.parse(clean, config)).toEqual(dockerCollector.parse(r, config));
  });
});

describe('container facts', () => {
  const parse = (c: ContainerInspect) => dockerCollector.parse(raw([c]), config).entities.find((e) => e.kind === 'container')!;

  it('shows health only while running', () => {
    const health = (Status: string) => ({ Health: { Status, FailingStreak: 2 } });
    expect(parse(container('a', { State: { Status: 'running', ...health('unhealthy') } })).status).toBe('unhealthy');
    expect(parse(container('b', { State: { Status: 'exited', ...health('unhealthy') } })).status).toBe('exited');
    expect(parse(container('c', { State: { Status: 'removing' } })).status).toBe('unknown');
  });

  it('reports mixed persistence and anonymous volumes', () => {
    const c = container('m', { Mounts: [{ Type: 'volume', Name: 'f'.repeat(64), Destination: '/data', RW: true }, { Type: 'bind', Source: '/srv/conf', Destination: '/conf', RW: false }] });
    const seen = dockerCollector.parse(raw([c]), config);
    expect(seen.entities.find((e) => e.kind === 'container')?.attributes?.['persistence']).toBe('mixed');
    expect(seen.entities.find((e) => e.kind === 'volume')?.attributes).toEqual({ driver: null, hostPath: null, anonymous: true });
  });

  it('redacts secrets in command lines, idempotently', () => {
    const once = redactArgs(['app', '--password', 'hunter2', '--db-url=postgres://u:pw@db/x', 'API_KEY=abc', '--token=t', '-v']);
    expect(once).toEqual(['app', '--password', '[redacted]', '--db-url=postgres://db/x', 'API_KEY=[redacted]', '--token=[redacted]', '-v']);
    expect(redactArgs(once)).toEqual(once);
  });
});
