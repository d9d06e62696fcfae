import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startCaddy, type LocalCaddy } from '../testing/caddy.ts';
import { BUSYBOX_IMAGE, makeBusyboxImage, startDockerd, type PrivateDockerd } from '../testing/dockerd.ts';
import { startPrometheus, waitForScrapes, type LocalPrometheus } from '../testing/prometheus.ts';
import { startInventoryNodeExporter } from '../testing/node-exporter.ts';
import { runCommand } from '../../../src/lib/run-command.ts';
import { createResticRepo, type LocalResticRepo } from '../testing/restic.ts';
import { createBorgRepo, type LocalBorgRepo } from '../testing/borg.ts';
import { freePort, tempDir } from '../testing/server-process.ts';
import { makePiholeImage, PIHOLE_IMAGE, piholeCommand } from '../testing/pihole-image.ts';
import { which } from '../../../tests/helpers/require-tool.ts';

/** The house's names as Pi-hole answers them (the story's addresses). */
const PIHOLE_RECORDS = { 'nas.lab.example': '192.168.1.10', 'cloud.lab.example': '192.168.1.10', 'vault.lab.example': '192.168.1.10' };

/**
 * The example lab, for real: a private Docker daemon running the NAS's containers (busybox
 * stand-ins with the real names, volumes, bind mounts, health checks and Compose labels),
 * Caddy routing cloud. and vault.lab.example to them, Prometheus scraping a live node exporter
 * and a dead target, and restic backing up Nextcloud's data folder. Every server listens on
 * 127.0.0.1 only. The recorded output of pulling it is what content/lab/ is replayed from.
 */
export interface ExampleLab {
  /** content/lab/sources.yaml for pulling this lab. */
  sourcesYaml: string;
  /** Environment the pull needs (the restic password, by the variable sources.yaml names). */
  env: Record<string, string>;
  /** Values planted as secrets; none may appear in a snapshot or the built site. */
  canaries: string[];
  /** Where the lab's parts answer, for drills aimed at it (scripts/drill/example/record.ts). */
  endpoints: {
    /** The private dockerd (`unix://…`). */
    docker: string;
    /** Pi-hole's DNS (`127.0.0.1:<port>`), null when dnsmasq is not installed. */
    dns: string | null;
    /** Caddy's site address (`127.0.0.1:<port>`), routing cloud. and vault.lab.example by Host. */
    caddy: string;
    prometheus: string;
    /** The data folder restic and borg back up. */
    nextcloudData: string;
    resticRepository: string;
  };
  /** Stops only the Docker daemon (the "daemon down between two pulls" case). */
  stopDocker(): Promise<void>;
  stop(): Promise<void>;
}

const env = (k: string, v: string) => ['-e', `${k}=${v}`];
const compose = (service: string, extra: string[] = []) => ['--label', 'com.docker.compose.project=homelab', '--label', `com.docker.compose.service=${service}`, ...extra];

export interface StandUpOptions {
  /**
   * Fixed folder for the lab's data and backups (`/srv/homelab`), so ids that contain paths are
   * the same in every recording; removed afterwards. Default: a temp folder.
   */
  dataRoot?: string;
}

export async function standUpExampleLab(bin: { caddy: string; prometheus: string; nodeExporter: string; restic: string; ansible: string; borg: string; /** Pi-hole's DNS; found on PATH when not given, `null` for none. */ dnsmasq?: string | null }, options: StandUpOptions = {}): Promise<ExampleLab> {
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
  };
  try {
    const tag = Math.random().toString(36).slice(2, 10);
    const canaries = [`canary-env-${tag}`, `canary-label-${tag}`, `canary-url-${tag}`];
    const files = options.dataRoot ? { dir: options.dataRoot, remove: () => rmSync(options.dataRoot!, { recursive: true, force: true }) } : tempDir('homelab');
    if (existsSync(files.dir) && options.dataRoot) throw new Error(`${files.dir} exists already: remove it, or pick another dataRoot`);
    stops.push(files.remove);
    const nextcloudData = path.join(files.dir, 'nextcloud');
    mkdirSync(nextcloudData, { recursive: true });
    writeFileSync(path.join(nextcloudData, 'README'), 'family photos live here\n');

    const d: PrivateDockerd = await startDockerd();
    stops.push(() => d.stop());
    await makeBusyboxImage(d);
    await d.docker(['network', 'create', '--subnet', `10.${20 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.0/24`, 'homelab_default']);
    for (const v of ['pihole_data', 'postgres_data', 'vaultwarden_data']) await d.docker(['volume', 'create', v]);
    const run = (name: string, args: string[], cmd: string[]) => d.docker(['run', '-d', '--name', name, '--network', 'homelab_default', '--network-alias', name, ...args, BUSYBOX_IMAGE, ...cmd], 120_000);
    // With dnsmasq installed, pihole answers DNS for real (on a fixed port, as `53:53` in a Compose file:
    // a restart must not move it), so drills can break and probe it; without, it is the busybox stand-in.
    const dnsmasq = bin.dnsmasq === undefined ? which('dnsmasq') : bin.dnsmasq;
    const dnsPort = dnsmasq ? await freePort() : null;
    if (dnsmasq) await makePiholeImage(d, dnsmasq);
    await d.docker(['run', '-d', '--name', 'pihole', '--network', 'homelab_default', '--network-alias', 'pihole', ...compose('pihole'), '--label', 'scarbook.mode=production', '--restart', 'unless-stopped',
      '-v', 'pihole_data:/etc/pihole', '-p', '127.0.0.1::53/tcp', ...(dnsPort ? ['-p', `127.0.0.1:${dnsPort}:53/udp`] : []), '-p', '127.0.0.1::80',
      ...(dnsmasq ? [PIHOLE_IMAGE, ...piholeCommand(PIHOLE_RECORDS)] : [BUSYBOX_IMAGE, 'httpd', '-f', '-p', '80'])], 120_000);
    await run('postgres', [...compose('postgres'), '--label', 'scarbook.mode=production', '--restart', 'unless-stopped', '-v', 'postgres_data:/var/lib/postgresql/data',
      ...env('POSTGRES_PASSWORD', canaries[0]!), '--health-cmd', 'true', '--health-interval', '1s', '--health-start-period', '1s'], ['sleep', '100000']);
    await run('nextcloud', [...compose('nextcloud', ['--label', 'com.docker.compose.depends_on=postgres:service_healthy:false']), '--label', 'scarbook.mode=production',
      '--label', `com.example.backup-password=${canaries[1]}`, '--restart', 'unless-stopped', '-v', `${nextcloudData}:/var/www/html/data`, '-p', '127.0.0.1::80',
      ...env('POSTGRES_HOST', 'postgres'), ...env('NEXTCLOUD_ADMIN_URL', `https://admin:${canaries[2]}@cloud.lab.example/`)], ['httpd', '-f', '-p', '80']);
    await run('vaultwarden', [...compose('vaultwarden'), '--label', 'scarbook.mode=production', '--restart', 'on-failure:3', '-v', 'vaultwarden_data:/data', '-p', '127.0.0.1::80'], ['httpd', '-f', '-p', '80']);
    await run('scratch', ['--label', 'scarbook.mode=sandbox'], ['sleep', '100000']);
    const published = async (name: string) => (await d.docker(['port', name, '80/tcp'])).trim().split('\n')[0]!;
    const [cloud, vault] = [await published('nextcloud'), await published('vaultwarden')];
    // The NAS's containers answer / but serve no metrics: Prometheus sees vaultwarden's target down.

    const caddy: LocalCaddy = await startCaddy(bin.caddy, ({ site }) => ({
      servers: {
        homelab: {
          listen: [site],
          automatic_https: { disable: true },
          routes: [
            { match: [{ host: ['cloud.lab.example'] }], handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: cloud }] }] },
            { match: [{ host: ['vault.lab.example'] }], handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: vault }] }] },
          ],
        },
      },
    }));
    stops.push(() => caddy.stop());

    // uname, os, meminfo and filesystem collectors: the node-exporter source reads host facts from them.
    const exporter = await startInventoryNodeExporter(bin.nodeExporter);
    stops.push(() => exporter.stop());
    const dead = `127.0.0.1:${await freePort()}`;
    const prometheus: LocalPrometheus = await startPrometheus(bin.prometheus, [
      { job: 'node', targets: [exporter.address] },
      { job: 'vaultwarden', targets: [vault] },
      { job: 'backup-exporter', targets: [dead] },
    ]);
    stops.push(() => prometheus.stop());
    await waitForScrapes(prometheus.url, 3);

    const restic: LocalResticRepo = await createResticRepo(bin.restic, undefined, options.dataRoot ? path.join(options.dataRoot, 'backups/restic') : undefined);
    stops.push(restic.remove);
    await restic.backup(nextcloudData, { host: 'nas' });

    // The old USB-disk borg repository (ADR 0003, superseded by restic) still holds the photos.
    const borg: LocalBorgRepo = await createBorgRepo(bin.borg, undefined, options.dataRoot ? path.join(options.dataRoot, 'backups/borg-usb') : undefined);
    stops.push(borg.remove);
    if (options.dataRoot) stops.push(() => rmSync(path.join(options.dataRoot!, 'backups/borg-usb'), { recursive: true, force: true }));
    await borg.create('nextcloud-2026-11', [nextcloudData]);

    // Host facts as a fleet has them: Ansible's --tree output for this machine, and one host that
    // cannot be reached (kept in the lab as down, not dropped).
    const facts = path.join(files.dir, 'ansible-facts');
    mkdirSync(facts, { recursive: true });
    const ansibleEnv = { ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_HOST_KEY_CHECKING: 'false', ANSIBLE_LOCAL_TEMP: path.join(files.dir, 'ansible-tmp'), ANSIBLE_REMOTE_TEMP: path.join(files.dir, 'ansible-tmp') };
    await runCommand(bin.ansible, ['all', '-i', 'localhost,', '-c', 'local', '-m', 'setup', '--tree', facts], { env: ansibleEnv, timeout: 180_000 });
    await runCommand(bin.ansible, ['all', '-i', 'backup-box.invalid,', '-m', 'setup', '--tree', facts, '-T', '5'], { env: ansibleEnv, timeout: 120_000 }).catch(() => undefined);

    const sources = {
      hostAliases: { nas: [hostname(), '127.0.0.1'] },
      timeoutSeconds: 60,
      sources: [
        { name: 'nas', type: 'linux-host' },
        { name: 'docker-nas', type: 'docker', endpoint: d.endpoint, host: 'nas' },
        { name: 'caddy', type: 'caddy', url: caddy.adminUrl, host: 'nas' },
        { name: 'ansible', type: 'ansible', factsDir: facts, maxAgeHours: 24 },
        { name: 'prometheus', type: 'prometheus', url: prometheus.url },
        { name: 'node-exporter', type: 'node-exporter', url: prometheus.url, job: 'node' },
        { name: 'restic-nas', type: 'restic', repository: restic.repository, passwordEnv: 'SCARBOOK_EXAMPLE_RESTIC_PASSWORD' },
        { name: 'borg-usb', type: 'borg', repository: borg.repository, passphraseEnv: 'SCARBOOK_EXAMPLE_BORG_PASSPHRASE', host: 'nas' },
      ],
    };
    return {
      sourcesYaml: `# Sources of the example lab. Credentials come from the environment, never from this file.\n${stringify(sources)}`,
      env: { SCARBOOK_EXAMPLE_RESTIC_PASSWORD: restic.password, ...restic.cacheEnv, SCARBOOK_EXAMPLE_BORG_PASSPHRASE: borg.passphrase, ...borg.baseEnv },
      canaries,
      endpoints: { docker: d.endpoint, dns: dnsPort ? `127.0.0.1:${dnsPort}` : null, caddy: caddy.siteAddress, prometheus: prometheus.url, nextcloudData, resticRepository: restic.repository },
      stopDocker: () => d.stop(),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
