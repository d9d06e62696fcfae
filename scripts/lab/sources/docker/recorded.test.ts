import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../../src/schemas/lab.ts';
import type { RawOutput } from '../../collector.ts';
import { dockerCollector } from '../docker.ts';

/** Parsing real recorded output (see __recorded__/docker/PROVENANCE.md): runs without dockerd. */

const DIR = path.join(import.meta.dirname, '../__recorded__/docker');
const recorded: RawOutput = Object.fromEntries(readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(path.join(DIR, f), 'utf8')]));
const config = { name: 'docker-lab', type: 'docker' as const, host: 'labhost' };
const observation = dockerCollector.parse(recorded, config);
const attrs = (id: string) => observation.entities.find((e) => e.id === id)?.attributes as Record<string, unknown>;
/** The recording's temp folder (`/tmp/sbd-xxxx`), so snapshots read `<tmp>`. */
const tmp = /\/tmp\/sbd-[A-Za-z0-9]+/g;

describe('docker collector on recorded output', () => {
  it('finds every entity with its status and mode', () => {
    for (const e of observation.entities) EntitySchema.parse(e);
    expect(observation.entities.map((e) => [e.id.replace(tmp, '<tmp>'), e.status, e.mode].filter(Boolean).join(' '))).toMatchInlineSnapshot(`
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

  it('infers the edges, with how each was seen', () => {
    for (const e of observation.edges) EdgeSchema.parse(e);
    const rows = observation.edges.map((e) => `${e.from} -${e.type}-> ${e.to} (${e.evidence.map((v) => (v.kind === 'observed' ? v.via : v.file)).join('; ')})`.replace(tmp, '<tmp>'));
    expect(rows).toMatchInlineSnapshot(`
      [
        "container:labhost/homelab-cache-1 -runs-on-> host:labhost (docker inspect)",
        "container:labhost/homelab-cache-1 -member-of-> network:labhost/homelab_default (docker network)",
        "container:labhost/homelab-cache-1 -member-of-> service:homelab/cache (compose labels)",
        "container:labhost/homelab-db-1 -runs-on-> host:labhost (docker inspect)",
        "container:labhost/homelab-db-1 -member-of-> network:labhost/homelab_default (docker network)",
        "container:labhost/homelab-db-1 -member-of-> service:homelab/db (compose labels)",
        "container:labhost/homelab-db-1 -stores-on-> volume:labhost/homelab_dbdata (volume mount /var/lib/db)",
        "container:labhost/homelab-web-1 -stores-on-> bind-mount:labhost:<tmp>/site (bind mount /www)",
        "container:labhost/homelab-web-1 -depends-on-> container:labhost/homelab-db-1 (compose depends_on; env DATABASE_URL)",
        "container:labhost/homelab-web-1 -runs-on-> host:labhost (docker inspect)",
        "container:labhost/homelab-web-1 -member-of-> network:labhost/homelab_default (docker network)",
        "container:labhost/homelab-web-1 -member-of-> service:homelab/web (compose labels)",
        "container:labhost/never-started -runs-on-> host:labhost (docker inspect)",
        "container:labhost/oneshot -runs-on-> host:labhost (docker inspect)",
        "container:labhost/scratchpad -depends-on-> container:labhost/homelab-db-1 (env DB_HOST)",
        "container:labhost/scratchpad -runs-on-> host:labhost (docker inspect)",
      ]
    `);
  });

  it('keeps the facts of a container', () => {
    const web = attrs('container:labhost/homelab-web-1');
    expect(JSON.parse(JSON.stringify(web).replace(tmp, '<tmp>'))).toMatchObject({
      image: 'scarbook/busybox:test',
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: expect.any(Number) }],
      mounts: [{ type: 'tmpfs', destination: '/tmp' }, { type: 'bind', source: '<tmp>/site', destination: '/www', readOnly: true }],
      persistence: 'bind',
      compose: { project: 'homelab', service: 'web' },
      envNames: ['API_TOKEN', 'DATABASE_URL', 'LOG_LEVEL', 'PATH'],
      labels: { 'com.example.password': '[redacted]', 'com.example.upstream': 'https://upstream.example/' },
    });
    expect(attrs('container:labhost/homelab-db-1')).toMatchObject({ health: { status: 'healthy', failingStreak: 0 }, persistence: 'volume' });
    expect(attrs('container:labhost/scratchpad')).toMatchObject({ persistence: 'none' });
  });

  it('is already sanitized: sanitizing again changes nothing and parses the same', () => {
    const again = dockerCollector.sanitize!(recorded, config);
    expect(again).toEqual(recorded);
    expect(dockerCollector.parse(again, config)).toEqual(observation);
    expect(JSON.stringify(recorded)).not.toMatch(/canary-/);
  });

  it('names the host after the daemon when no host is configured', () => {
    const seen = dockerCollector.parse(recorded, { name: 'docker-lab', type: 'docker' });
    const host = seen.entities.find((e) => e.kind === 'host');
    const daemon = (JSON.parse(recorded['info.json']!) as { Name: string }).Name;
    expect(host?.aliases).toEqual([daemon]);
    expect(host?.id).toBe(`host:${daemon.toLowerCase().split('.')[0]}`);
  });

  it('says what to do when info.json is missing or broken', () => {
    expect(() => dockerCollector.parse({}, config)).toThrow(/no info\.json: re-record it with `--record`/);
    expect(() => dockerCollector.parse({ ...recorded, 'containers.json': '{oops' }, config)).toThrow(/containers\.json is not valid JSON/);
  });
});
