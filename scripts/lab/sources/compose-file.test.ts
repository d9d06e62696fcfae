import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import type { RawOutput } from '../collector.ts';
import { composeFileCollector, ComposeFileConfigSchema, type ComposeFileConfig } from './compose-file.ts';
import { dockerCollector } from './docker.ts';

const here = import.meta.dirname;
const recorded = path.join(here, '__recorded__/compose-file');
const dockerRecorded = path.join(here, '__recorded__/docker');
const config = (over: Partial<ComposeFileConfig>): ComposeFileConfig =>
  ComposeFileConfigSchema.parse({ name: 'compose-nas', type: 'compose-file', file: 'deploy/nas/compose.yaml', host: 'nas', ...over });
const raw = (file: string, text = readFileSync(path.join(recorded, file), 'utf8')): RawOutput => ({ [file.endsWith('.json') ? 'compose.json' : 'compose.yaml']: text });
const valid = (obs: ReturnType<typeof composeFileCollector.parse>) => {
  for (const e of obs.entities) { EntitySchema.parse(e); expect(e.status).toBeUndefined(); }
  for (const e of obs.edges) { EdgeSchema.parse(e); expect(e.evidence).toEqual([{ kind: 'declared', file: expect.any(String) }]); }
};
const edgesOf = (obs: ReturnType<typeof composeFileCollector.parse>, type: string) => obs.edges.filter((e) => e.type === type).map((e) => `${e.from} -> ${e.to}`);

describe('compose-file parse, real samples', () => {
  it('docker compose config JSON (python-on-whales kafka): top-level name, container_name, long depends_on, external network', () => {
    const c = config({ file: 'deploy/kafka/config.json' });
    const obs = composeFileCollector.parse(raw('config-json-pow-kafka-v2.24.json'), c);
    valid(obs);
    expect(obs.entities.filter((e) => e.kind === 'service').map((e) => e.id)).toEqual([
      'service:python-on-whales/broker', 'service:python-on-whales/ksqldb-cli', 'service:python-on-whales/ksqldb-server', 'service:python-on-whales/zookeeper',
    ]);
    expect(edgesOf(obs, 'depends-on')).toEqual([
      'container:nas/broker -> container:nas/zookeeper',
      'container:nas/ksqldb-cli -> container:nas/broker',
      'container:nas/ksqldb-cli -> container:nas/ksqldb-server',
      'container:nas/ksqldb-server -> container:nas/broker',
    ]);
    expect(edgesOf(obs, 'stores-on')).toEqual(['container:nas/ksqldb-cli -> bind-mount:nas:/projects/open_source/python-on-whales/scripts']);
    expect(obs.edges.find((e) => e.type === 'member-of' && e.to.startsWith('network:'))?.to).toBe('network:nas/factory-net');
    const broker = obs.entities.find((e) => e.id === 'service:python-on-whales/broker')!;
    expect(broker.attributes).toMatchObject({ image: 'confluentinc/cp-kafka:7.4.0', declared: true, healthcheck: true, restart: null,
      ports: [{ containerPort: 9092, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 9092 }] });
    expect(broker.attributes!['environmentNames']).toContain('KAFKA_ZOOKEEPER_CONNECT');
    expect(JSON.stringify(obs)).not.toContain('zookeeper:2181'); // an env value
    expect(obs.edges[0]!.evidence).toEqual([{ kind: 'declared', file: 'deploy/kafka/config.json' }]);
  });

  it('paperless-ngx (lan-docker-compose): short depends_on, default container names, bind mounts, env map', () => {
    const obs = composeFileCollector.parse(raw('paperless-ngx/docker-compose.yml'), config({ file: 'paperless-ngx/docker-compose.yml', project: 'paperless-ngx' }));
    valid(obs);
    expect(obs.entities.filter((e) => e.kind === 'container').map((e) => e.id)).toEqual(['container:nas/paperless', 'container:nas/paperless-ngx-broker-1']);
    expect(edgesOf(obs, 'depends-on')).toEqual(['container:nas/paperless -> container:nas/paperless-ngx-broker-1']);
    expect(edgesOf(obs, 'stores-on')).toContain('container:nas/paperless-ngx-broker-1 -> bind-mount:nas:/home/pi/apps/paperless-ngx/redisdata');
    const web = obs.entities.find((e) => e.id === 'service:paperless-ngx/webserver')!;
    expect(web.attributes).toMatchObject({ restart: 'unless-stopped', healthcheck: false, ports: [{ containerPort: 8000, hostPort: 8000, protocol: 'tcp', hostIp: '0.0.0.0' }],
      environmentNames: ['PAPERLESS_OCR_LANGUAGE', 'PAPERLESS_REDIS', 'PAPERLESS_TIME_ZONE', 'USERMAP_GID', 'USERMAP_UID'] });
    expect(JSON.stringify(obs)).not.toContain('Europe/London');
    expect(JSON.stringify(obs)).not.toContain('redis://broker');
  });

  it('komodo (lan-docker-compose): project from the folder name, depends_on chain, ${VAR} env values gone', () => {
    const obs = composeFileCollector.parse(raw('komodo/compose.yml'), config({ file: 'scripts/lab/sources/__recorded__/compose-file/komodo/compose.yml' }));
    valid(obs);
    expect(obs.entities.filter((e) => e.kind === 'service').map((e) => e.id)).toEqual(['service:komodo/core', 'service:komodo/ferretdb', 'service:komodo/periphery', 'service:komodo/postgres']);
    expect(edgesOf(obs, 'depends-on')).toEqual(['container:nas/komodo -> container:nas/komodo-ferretdb', 'container:nas/komodo-ferretdb -> container:nas/komodo-postgres']);
    expect(edgesOf(obs, 'member-of')).toContain('container:nas/komodo -> network:nas/komodo_default');
    expect(edgesOf(obs, 'member-of')).toContain('container:nas/komodo -> network:nas/traefik-net');
    expect(JSON.stringify(obs)).not.toContain('KOMODO_DB_PASSWORD}');
  });
});

describe('compose-file ids match the Docker collector', () => {
  it('the recorded homelab project: same container, service, volume, bind-mount, network ids and the depends-on edge', () => {
    const dockerRaw = Object.fromEntries(['info', 'containers', 'images', 'volumes', 'networks'].map((f) => [`${f}.json`, readFileSync(path.join(dockerRecorded, `${f}.json`), 'utf8')]));
    const observed = dockerCollector.parse(dockerRaw, { name: 'docker-nas', type: 'docker', host: 'nas' });
    // The compose file those containers were labelled from (working dir /tmp/sbd-yXxnIF, see the docker PROVENANCE.md).
    const yaml = [
      'services:',
      '  db:', '    image: scarbook/busybox:test', '    restart: unless-stopped', '    environment:', '      - POSTGRES_PASSWORD=canary-env-5b1f',
      '    volumes: [dbdata:/var/lib/db]', '    healthcheck: { test: [CMD, test, -d, /var/lib/db] }',
      '  web:', '    image: scarbook/busybox:test', '    depends_on: [db]', '    volumes: [./site:/www:ro]',
      '  cache:', '    image: scarbook/busybox:test',
      'volumes:', '  dbdata: {}',
    ].join('\n');
    const declared = composeFileCollector.parse({ 'compose.yaml': yaml }, config({ file: 'deploy/homelab/compose.yaml', workingDir: '/tmp/sbd-yXxnIF' }));
    valid(declared);
    const observedIds = new Set(observed.entities.map((e) => e.id));
    for (const e of declared.entities) expect(observedIds, e.id).toContain(e.id);
    const observedEdges = new Set(observed.edges.map((e) => `${e.from} ${e.type} ${e.to}`));
    for (const e of declared.edges) expect(observedEdges, `${e.from} ${e.type} ${e.to}`).toContain(`${e.from} ${e.type} ${e.to}`);
    expect(JSON.stringify(declared)).not.toContain('canary');
  });
});

describe('compose-file forms and sanitizing', () => {
  const yaml = `name: lab
services:
  app:
    image: ghcr.io/x/app:1
    container_name: app
    environment:
      - DB_URL=postgres://u:canary-pw-1@db/app
      - TZ
    ports: ["127.0.0.1:8080:80/tcp", "53:53/udp", {target: 443, published: "8443", host_ip: "::"}]
    volumes:
      - data:/data
      - ./conf:/etc/app:ro
      - /cache
      - {type: volume, source: shared, target: /shared}
      - {type: bind, source: ../media, target: /media}
    depends_on:
      db: {condition: service_healthy, required: true}
    labels: {traefik.http.middlewares.a.basicauth.users: "bob:canary-hash-2"}
  db:
    image: postgres:16
    environment: {POSTGRES_PASSWORD: canary-pw-3, POSTGRES_DB: app}
    healthcheck: {test: [NONE]}
    network_mode: host
volumes:
  data: {}
  shared: {external: true}
`;
  const c = config({ file: 'deploy/lab/compose.yaml', workingDir: '/srv/lab' });

  it('long/short volume, port, env and depends_on forms', () => {
    const obs = composeFileCollector.parse({ 'compose.yaml': yaml }, c);
    valid(obs);
    expect(edgesOf(obs, 'stores-on')).toEqual([
      'container:nas/app -> bind-mount:nas:/srv/lab/conf', 'container:nas/app -> bind-mount:nas:/srv/media',
      'container:nas/app -> volume:nas/lab_data', 'container:nas/app -> volume:nas/shared',
    ]);
    expect(edgesOf(obs, 'depends-on')).toEqual(['container:nas/app -> container:nas/lab-db-1']);
    const app = obs.entities.find((e) => e.id === 'service:lab/app')!;
    expect(app.attributes!['environmentNames']).toEqual(['DB_URL', 'TZ']);
    expect(app.attributes!['ports']).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 53 },
      { containerPort: 443, protocol: 'tcp', hostIp: '::', hostPort: 8443 },
    ]);
    expect(obs.entities.find((e) => e.id === 'service:lab/db')!.attributes!['healthcheck']).toBe(false);
    expect(edgesOf(obs, 'member-of').filter((e) => e.startsWith('container:nas/lab-db-1'))).toEqual(['container:nas/lab-db-1 -> service:lab/db']);
    expect(JSON.stringify(obs)).not.toContain('canary');
  });

  it('sanitize keeps env names and drops values and secrets; parse of sanitized = parse of original', () => {
    const clean = composeFileCollector.sanitize!({ 'compose.yaml': yaml }, c);
    expect(clean['compose.yaml']).not.toContain('canary');
    expect(clean['compose.yaml']).toContain('DB_URL');
    expect(clean['compose.yaml']).toContain('POSTGRES_PASSWORD');
    expect(composeFileCollector.parse(clean, c)).toEqual(composeFileCollector.parse({ 'compose.yaml': yaml }, c));
    expect(composeFileCollector.sanitize!(clean, c)).toEqual(clean);
  });

  it('a bad file: one line naming the file and line', () => {
    const bad = (text: string) => () => composeFileCollector.parse({ 'compose.yaml': text }, c);
    expect(bad('services:\n  a:\n    image: x\n   bad: [\n')).toThrow(/^Compose file deploy\/lab\/compose\.yaml, line \d+: YAML syntax error: [^\n]+$/);
    expect(bad('- a\n- b\n')).toThrow(/^Compose file deploy\/lab\/compose\.yaml, line 1: expected a mapping with `services:`, found a list\.$/);
    expect(bad('services: [a]\n')).toThrow(/^Compose file deploy\/lab\/compose\.yaml: `services:`/);
  });
});
