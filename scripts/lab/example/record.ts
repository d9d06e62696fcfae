/**
 * `npm run lab:record-example`: stands the example lab up for real on this machine (private
 * dockerd, Caddy, Prometheus, restic: see stand-up.ts), pulls it with `--record` into
 * content/lab/recorded/, and tears it down. The example's snapshots are then produced from
 * that recording by `npm run lab:pull -- --replay content/lab/recorded`: never written by hand.
 * Needs root and Debian's docker.io, busybox-static, caddy, prometheus,
 * prometheus-node-exporter and restic.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSiteConfig } from '../../../src/lib/site-config.ts';
import { which } from '../../../tests/helpers/require-tool.ts';
import { pullLab } from '../pull.ts';
import { standUpExampleLab } from './stand-up.ts';

const need = (name: string) => which(name) ?? (() => { throw new Error(`${name} is not installed (apt-get install -y ${name})`); })();
const { contentPath } = loadSiteConfig();
const recordDir = path.join(contentPath, 'lab', 'recorded');
const lab = await standUpExampleLab({ caddy: need('caddy'), prometheus: need('prometheus'), nodeExporter: need('prometheus-node-exporter'), restic: need('restic'), ansible: need('ansible') }, { dataRoot: '/srv/homelab' });
try {
  writeFileSync(path.join(contentPath, 'lab', 'sources.yaml'), lab.sourcesYaml);
  rmSync(recordDir, { recursive: true, force: true });
  const result = await pullLab({ contentPath, record: recordDir, env: { ...process.env, ...lab.env }, onEvent: (e) => console.log(JSON.stringify(e)) });
  if (result.failed.length) throw new Error(`sources failed while recording: ${JSON.stringify(result.failed)}`);
  writeFileSync(path.join(recordDir, 'PROVENANCE.md'), [
    '# Provenance',
    '',
    `Raw output of real servers, recorded by \`npm run lab:record-example\` on ${new Date().toISOString().slice(0, 10)} on one Debian 12 machine:`,
    "a private dockerd running busybox stand-ins for the NAS containers (nas), Debian's Caddy, Prometheus with",
    'a real node exporter (targets and node-exporter), restic, Ansible `setup --tree` facts of this machine and of',
    'an unreachable host (ansible), and this machine\'s own host facts (nas). This machine is aliased to `nas`',
    'in sources.yaml. Secrets were removed by each collector before writing (sanitize / compact facts).',
    'Replay with `npm run lab:pull -- --replay content/lab/recorded`.',
    '',
  ].join('\n'));
  console.log(`Recorded ${result.ok.length} sources into ${path.relative(process.cwd(), recordDir)}`);
} finally {
  await lab.stop();
}
