/**
 * `npm run drill:record-example`: stands the example lab up for real (private dockerd with a
 * dnsmasq Pi-hole, Caddy, Prometheus, restic, borg: scripts/lab/example/stand-up.ts), runs the
 * example drills that can run on one machine against it with the real runner, and keeps their
 * journals in content/lab/drills/. Drills that need hardware (pve2-power-loss) or hosts this
 * machine does not have (wireguard-tunnel-drop, restore-postgres-sandbox) are not run: "never
 * tested" is the true state of those. Needs root and the Debian packages of lab:record-example,
 * plus dnsmasq-base.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { loadSiteConfig } from '../../../src/lib/site-config.ts';
import { which } from '../../../tests/helpers/require-tool.ts';
import { standUpExampleLab } from '../../lab/example/stand-up.ts';
import { liveDisplay } from '../live-display.ts';
import { startDrill } from '../start-drill.ts';
import { EXAMPLE_DRILLS } from './drills.ts';

const DATA_ROOT = '/srv/homelab';
const need = (name: string, pkg = name) => which(name) ?? (() => { throw new Error(`${name} is not installed (apt-get install -y ${pkg})`); })();
const { contentPath, root } = loadSiteConfig();
if (existsSync(DATA_ROOT)) throw new Error(`${DATA_ROOT} exists: another example lab is up (lab:record-example?). Wait for it, or remove ${DATA_ROOT} if nothing uses it.`);

const lab = await standUpExampleLab(
  { caddy: need('caddy'), prometheus: need('prometheus'), nodeExporter: need('prometheus-node-exporter'), restic: need('restic'), ansible: need('ansible'), borg: need('borg', 'borgbackup'), dnsmasq: need('dnsmasq', 'dnsmasq-base') },
  { dataRoot: DATA_ROOT },
);
try {
  const e = lab.endpoints;
  // The drills' ${VAR:-default}s, pointed from the house's addresses at this loopback lab. The
  // Nextcloud stand-in (busybox httpd serving its root) has no status.php: its data folder's
  // README is what answers 200 through Caddy.
  const env = {
    ...process.env,
    ...lab.env,
    NAS_DOCKER: e.docker,
    PIHOLE_DNS: e.dns!,
    CLOUD_STATUS_URL: `http://${e.caddy}/var/www/html/data/README`,
    RESTIC_REPOSITORY_NAS: e.resticRepository,
    NEXTCLOUD_DATA: e.nextcloudData,
    RESTIC_PASSWORD: lab.env.SCARBOOK_EXAMPLE_RESTIC_PASSWORD!,
    SCARBOOK_OPERATOR: `drill:record-example on ${hostname()}`,
  };
  for (const id of EXAMPLE_DRILLS) {
    const display = liveDisplay();
    const result = await startDrill(id, { contentPath, root, env, yes: true, signal: new AbortController().signal, onEvent: display.onEvent });
    display.stop();
    if (result.kind !== 'ran') continue;
    const j = result.journal;
    console.log(`${id}: ${j.outcome}${j.recoveryMs !== null ? ` in ${j.recoveryMs} ms` : ''}: ${j.reason ?? ''} → ${path.relative(root, result.file)}`);
    if (j.outcome === 'error' || j.outcome === 'aborted') throw new Error(`${id} did not run to a result (${j.outcome}): ${j.reason}. Fix the drill or the lab; the journal is kept for reference.`);
  }
} finally {
  await lab.stop();
}
