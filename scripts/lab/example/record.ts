/**
 * `npm run lab:record-example`: stands the example lab up for real on this machine (private
 * dockerd, Caddy, Prometheus, restic: see stand-up.ts), pulls it with `--record` into
 * content/lab/recorded/, and tears it down. The example's snapshots are then produced from
 * that recording by `npm run lab:pull -- --replay content/lab/recorded`: never written by hand.
 * Needs root and Debian's docker.io, busybox-static, caddy, prometheus,
 * prometheus-node-exporter and restic.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { loadSiteConfig } from '../../../src/lib/site-config.ts';
import { which } from '../../../tests/helpers/require-tool.ts';
import { pullLab } from '../pull.ts';
import { standUpExampleLab } from './stand-up.ts';

const MARKER = '<!-- recorded elsewhere: kept by record.ts -->';
const need = (name: string) => which(name) ?? (() => { throw new Error(`${name} is not installed (apt-get install -y ${name})`); })();
const { contentPath } = loadSiteConfig();
const recordDir = path.join(contentPath, 'lab', 'recorded');
const lab = await standUpExampleLab({ caddy: need('caddy'), prometheus: need('prometheus'), nodeExporter: need('prometheus-node-exporter'), restic: need('restic'), ansible: need('ansible'), borg: need('borg') }, { dataRoot: '/srv/homelab' });
try {
  // Sources this machine cannot run (Proxmox, NetBox, Tailscale, WireGuard, Kubernetes, Traefik)
  // are replayed from public recordings kept in recorded/<name>/: their entries and folders stay.
  const sourcesFile = path.join(contentPath, 'lab', 'sources.yaml');
  type Sources = { hostAliases?: Record<string, string[]>; sources?: { name: string }[] };
  const live = parseYaml(lab.sourcesYaml) as Sources & { sources: { name: string }[] };
  const before = (existsSync(sourcesFile) ? parseYaml(readFileSync(sourcesFile, 'utf8')) : {}) as Sources;
  const liveNames = live.sources.map((s) => s.name);
  const elsewhere = (before.sources ?? []).filter((s) => !liveNames.includes(s.name));
  // Aliases add up: a public recording's name for a story host (Tailscale's `home-server` for the NAS) stays.
  const hostAliases: Record<string, string[]> = { ...before.hostAliases };
  for (const [k, v] of Object.entries(live.hostAliases ?? {})) hostAliases[k] = [...new Set([...v, ...(before.hostAliases?.[k] ?? [])])];
  const merged = { ...live, hostAliases, sources: [...live.sources, ...elsewhere] };
  writeFileSync(sourcesFile, `# Sources of the example lab. Credentials come from the environment, never from this file.\n${stringify(merged)}`);
  for (const name of liveNames) rmSync(path.join(recordDir, name), { recursive: true, force: true });
  const result = await pullLab({ contentPath, record: recordDir, only: liveNames, env: { ...process.env, ...lab.env }, onEvent: (e) => console.log(JSON.stringify(e)) });
  if (result.failed.length) throw new Error(`sources failed while recording: ${JSON.stringify(result.failed)}`);
  // The part below MARKER documents the public recordings and is kept as written by hand.
  const provenance = path.join(recordDir, 'PROVENANCE.md');
  const kept = existsSync(provenance) ? readFileSync(provenance, 'utf8').split(MARKER)[1] ?? '' : '';
  writeFileSync(provenance, [
    '# Provenance',
    '',
    `Raw output of real servers, recorded by \`npm run lab:record-example\` on ${new Date().toISOString().slice(0, 10)} on one Debian 12 machine:`,
    "a private dockerd running busybox stand-ins for the NAS containers (nas), Debian's Caddy, Prometheus with",
    'a real node exporter (targets and node-exporter), restic and borg (restic-nas, borg-usb), Ansible `setup --tree` facts of this machine and of',
    'an unreachable host (ansible), and this machine\'s own host facts (nas). This machine is aliased to `nas`',
    'in sources.yaml. Secrets were removed by each collector before writing (sanitize / compact facts).',
    'Replay with `npm run lab:pull -- --replay content/lab/recorded`.',
    '',
  ].join('\n') + (kept ? `\n${MARKER}${kept}` : ''));
  console.log(`Recorded ${result.ok.length} sources into ${path.relative(process.cwd(), recordDir)}`);
} finally {
  await lab.stop();
}
