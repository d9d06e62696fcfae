import { createRandom, type Random } from '../random.ts';
import type { LabPlan } from '../lab/plan.ts';
import { paragraph, slugify, vocabulary, wordCount } from './prose.ts';
import { decisionPath } from './decisions.ts';

const AREAS: Record<string, string[]> = {
  dns: ['resolvers', 'records', 'dhcp', 'split-horizon'],
  storage: ['zfs', 'volumes', 'nfs', 'object'],
  databases: ['postgres', 'mariadb', 'redis', 'replication'],
  network: ['vpn', 'firewall', 'switching', 'load-balancers'],
  proxmox: ['nodes', 'guests', 'cluster', 'ha'],
  docker: ['daemon', 'compose', 'images', 'registries'],
  monitoring: ['prometheus', 'alerts', 'logs', 'dashboards'],
  certificates: ['acme', 'internal-ca', 'renewal', 'clients'],
  backup: ['restic', 'borg', 'pbs', 'restore-tests'],
  security: ['secrets', 'ssh', 'updates', 'audit'],
};
const FOLDERS = Object.entries(AREAS).flatMap(([area, subs]) => subs.map((s) => `${area}/${s}`));
const OWNERS = ['platform', 'storage-team', 'network-team', 'dba', 'sre-oncall', 'security'];

export interface DocRef { path: string; title: string }

/** Where runbook `i` lives and what it is called: a pure function of (seed, i), so links can point at any runbook. */
export function runbookRef(seed: string, i: number): DocRef {
  const rng = createRandom(`${seed}/runbook-title/${i}`);
  const folder = FOLDERS[i % FOLDERS.length]!;
  const service = rng.pick(vocabulary.SERVICES);
  const symptom = rng.pick(vocabulary.SYMPTOMS);
  const title = `${service[0]!.toUpperCase()}${service.slice(1)} ${symptom}`;
  return { path: `runbooks/${folder}/${slugify(`${service}-${symptom}`).slice(0, 48)}-${String(i).padStart(5, '0')}.md`, title };
}

/** Relative Markdown link from one content file to another (`../../docker/compose/x.md`). */
export function relativeLink(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  return [...Array(a.length - common).fill('..'), ...b.slice(common)].join('/') || '.';
}

function mermaid(rng: Random): string {
  const steps = rng.int(6, 10);
  const lines = ['flowchart TD', '  A[Alert fires] --> B{Service answers?}'];
  for (let s = 2; s < steps; s++) {
    const from = String.fromCharCode(64 + s);
    const to = String.fromCharCode(65 + s);
    lines.push(`  ${from} -->|${rng.pick(['yes', 'no', 'still failing', 'fixed'])}| ${to}[${rng.pick(vocabulary.ACTIONS).slice(0, 40)}]`);
  }
  return ['```mermaid', ...lines, '```'].join('\n');
}

function table(rng: Random): string {
  const rows = Array.from({ length: rng.int(3, 5) }, () => `| ${rng.pick(vocabulary.OBSERVE)} | \`${rng.pick(['df -h', 'docker ps', 'journalctl -u docker --since -1h', 'zpool status', 'pvecm status', 'ss -tlnp', 'systemctl --failed'])}\` | ${rng.pick(['below 80 %', 'no errors', 'all healthy', 'quorate', 'listening', 'empty'])} |`);
  return ['| Check | Command | Expected |', '| --- | --- | --- |', ...rows].join('\n');
}

function code(rng: Random, host: string, container: string): string {
  const lang = rng.pick(['bash', 'sh', 'yaml']);
  const body = lang === 'yaml'
    ? [`services:`, `  ${container.split('-')[1] ?? 'app'}:`, `    image: ${rng.pick(['postgres:16.4', 'redis:7.4-alpine', 'nginx:1.27-alpine'])}`, `    restart: unless-stopped`, `    healthcheck:`, `      test: ["CMD", "true"]`]
    : [`ssh root@${host}`, `docker logs --since 1h ${container} 2>&1 | tail -n 50`, `docker inspect --format '{{.State.Health.Status}}' ${container}`, `df -h /var/lib/docker`];
  return ['```' + lang, ...body, '```'].join('\n');
}

/**
 * Runbook `i` of `count`: 600–900 words with front matter, headings, code blocks, a GFM table,
 * links to other runbooks and a decision, and a mermaid diagram in one runbook of ten.
 */
export function runbook(seed: string, i: number, count: number, decisions: number, plan: LabPlan): { path: string; text: string } {
  const rng = createRandom(`${seed}/runbook/${i}`);
  const ref = runbookRef(seed, i);
  const dockerHosts = plan.hosts.filter((h) => h.containers.length);
  const host = dockerHosts.length ? dockerHosts[i % dockerHosts.length]! : plan.hosts[0]!;
  const container = host.containers.length ? rng.pick(host.containers).name : 'app';
  const others = [1, 2, 3].map((k) => runbookRef(seed, (i + k * 37) % count)).filter((r) => r.path !== ref.path);
  const decision = decisionPath(seed, 1 + (i % decisions));
  const target = rng.int(620, 840);
  const sections: Record<string, string[]> = {
    Symptoms: [paragraph(rng), `- ${rng.pick(vocabulary.SYMPTOMS)}\n- ${rng.pick(vocabulary.SYMPTOMS)}\n- alerts from ${rng.pick(vocabulary.OBSERVE)}`],
    Diagnosis: [paragraph(rng), code(rng, host.name, container), table(rng)],
    Fix: [paragraph(rng), `1. ${rng.pick(vocabulary.ACTIONS)}\n2. ${rng.pick(vocabulary.ACTIONS)}\n3. ${rng.pick(vocabulary.ACTIONS)}`, code(rng, host.name, container)],
    Verify: [paragraph(rng)],
  };
  if (i % 10 === 0) sections['Diagnosis']!.push(mermaid(rng));
  const related = [...others.map((o) => `- [${o.title}](${relativeLink(ref.path, o.path)})`), `- [The decision behind this setup](${relativeLink(ref.path, decision.path)})`].join('\n');
  const render = () => [`# ${ref.title}`, paragraph(rng, 2), ...Object.entries(sections).flatMap(([h, parts]) => [`## ${h}`, ...parts]), '## Related', related].join('\n\n');
  const names = Object.keys(sections);
  let body = render();
  for (let k = 0; wordCount(body) < target; k++) {
    sections[names[k % names.length]!]!.splice(1, 0, paragraph(rng, 2));
    body = render();
  }
  const front = [
    '---',
    `title: ${JSON.stringify(ref.title)}`,
    `description: ${JSON.stringify(`What to do when ${ref.title.toLowerCase()}.`)}`,
    `tags: [${[ref.path.split('/')[1], ref.path.split('/')[2], rng.pick(['incident', 'maintenance', 'recovery', 'upgrade'])].join(', ')}]`,
    `services: [${JSON.stringify(`container:${host.name}/${container}`)}, ${JSON.stringify(`host:${host.name}`)}]`,
    `owner: ${rng.pick(OWNERS)}`,
    `last_verified: 2026-${String(rng.int(1, 10)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    `decisions: ["${decision.number}"]`,
    '---',
  ].join('\n');
  return { path: ref.path, text: `${front}\n${body}\n` };
}
