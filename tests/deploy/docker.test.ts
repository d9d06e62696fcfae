import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/build-site.ts';
import { copySources, envValues, parseDockerfile } from './dockerfile.ts';
import { CADDYFILE, NGINX_TEMPLATE } from './servers.ts';

/*
 * No registry here, so the base images (node, nginx, caddy) cannot be pulled and the image is not
 * built in this test. What can be checked is: every file the Dockerfile copies exists and is in the
 * build context, every script it runs is in package.json, and the server stages copy the very
 * configuration files the serving tests run on real nginx and Caddy, with every value they need.
 */

const DOCKERFILE = path.join(ROOT, 'deploy/Dockerfile');
const instructions = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const ignored = readFileSync(path.join(ROOT, 'deploy/Dockerfile.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stageEnv = (stage: string) => Object.assign({}, ...instructions.filter((i) => i.stage === stage && i.keyword === 'ENV').map((i) => envValues(i.args))) as Record<string, string>;
const relative = (file: string) => path.relative(ROOT, file);

describe('deploy/Dockerfile', () => {
  it('has a build stage on Node 24, then nginx (the default, last) and Caddy server stages', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args);
    expect(froms[0]).toMatch(/^node:24\b.* AS build$/);
    expect(froms.map((f) => f.split(/\s+AS\s+/i)[1])).toEqual(['build', 'caddy', 'nginx']);
  });

  it('copies only files that exist and are in the build context', () => {
    const copies = instructions.filter((i) => i.keyword === 'COPY').map((i) => ({ ...copySources(i.args), line: i.line }));
    expect(copies.length).toBeGreaterThan(3);
    for (const copy of copies.filter((c) => !c.from)) {
      for (const source of copy.sources) {
        expect(existsSync(path.join(ROOT, source)), `line ${copy.line}: ${source}`).toBe(true);
        expect(ignored, `line ${copy.line}: ${source} is excluded by Dockerfile.dockerignore`).not.toContain(source.split('/')[0]);
      }
    }
    for (const copy of copies.filter((c) => c.from)) expect(['build'], `line ${copy.line}`).toContain(copy.from);
  });

  it('runs only npm scripts that exist in package.json, and the build the tests run', () => {
    const runs = instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const named = runs.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    expect(named).toEqual(['build']);
    for (const script of named) expect(scripts).toContain(script);
    expect(runs.some((r) => /^npm ci\b/.test(r))).toBe(true);
  });

  it('the server stages use the configuration files the serving tests run, with every value they need', () => {
    const copiedTo = (stage: string) => instructions.filter((i) => i.stage === stage && i.keyword === 'COPY').map((i) => copySources(i.args));
    const nginxCopy = copiedTo('nginx').find((c) => c.sources.some((s) => s.startsWith('deploy/nginx/')))!;
    expect(nginxCopy.sources).toEqual([relative(NGINX_TEMPLATE)]);
    // The nginx image turns /etc/nginx/templates/X.template into /etc/nginx/conf.d/X.
    expect(nginxCopy.dest).toBe('/etc/nginx/templates/default.conf.template');
    const placeholders = [...readFileSync(NGINX_TEMPLATE, 'utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);
    expect(new Set(placeholders)).toEqual(new Set(['SCARBOOK_LISTEN', 'SCARBOOK_ROOT']));
    for (const name of placeholders) expect(stageEnv('nginx'), name).toHaveProperty(name);
    expect(copiedTo('nginx').some((c) => c.from === 'build' && c.dest === `${stageEnv('nginx')['SCARBOOK_ROOT']}/`)).toBe(true);

    const caddyCopy = copiedTo('caddy').find((c) => c.sources.some((s) => s.startsWith('deploy/caddy/')))!;
    expect(caddyCopy.sources).toEqual([relative(CADDYFILE)]);
    expect(caddyCopy.dest).toBe('/etc/caddy/Caddyfile');
    const caddyValues = [...readFileSync(CADDYFILE, 'utf8').matchAll(/\{\$(\w+)(:[^}]*)?\}/g)];
    for (const [, name, fallback] of caddyValues) if (!fallback) expect(stageEnv('caddy'), name).toHaveProperty(name!);
    expect(copiedTo('caddy').some((c) => c.from === 'build' && c.dest === `${stageEnv('caddy')['SCARBOOK_ROOT']}/`)).toBe(true);
  });
});

describe('deploy/compose.yaml', () => {
  interface Service {
    build?: { context: string; dockerfile: string; target: string };
    command?: string[];
    environment?: Record<string, string>;
    volumes?: string[];
    profiles?: string[];
  }
  const compose = parse(readFileSync(path.join(ROOT, 'deploy/compose.yaml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const stages = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.stage);
  const mountOf = (service: Service, volume: string) => service.volumes?.map((v) => v.split(':')).find(([from]) => from === volume)?.[1];

  it('builds every service from deploy/Dockerfile, each from a stage that exists', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.build, name).toBeDefined();
      const context = path.resolve(ROOT, 'deploy', service.build!.context);
      expect(context, name).toBe(ROOT);
      expect(path.join(context, service.build!.dockerfile), name).toBe(DOCKERFILE);
      expect(stages, name).toContain(service.build!.target);
    }
  });

  it('the builder runs the scheduled build that the tests run, and the servers serve what it publishes', () => {
    const builder = compose.services['builder']!;
    expect(builder.command).toEqual(['sh', 'deploy/scheduled-build.sh']);
    expect(existsSync(path.join(ROOT, builder.command![1]!))).toBe(true);
    const published = mountOf(builder, 'published');
    expect(builder.environment?.['SCARBOOK_PUBLISH_DIR']).toBe(published);
    for (const name of ['site', 'site-caddy']) {
      const server = compose.services[name]!;
      expect(server.environment?.['SCARBOOK_ROOT'], name).toBe(`${mountOf(server, 'published')}/current`);
      expect(server.volumes, name).toContain(`published:${published}:ro`);
    }
    expect(Object.keys(compose.volumes)).toContain('published');
  });
});
