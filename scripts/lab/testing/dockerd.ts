import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../../src/lib/run-command.ts';
import { startProcess, waitFor } from './server-process.ts';
import { which } from '../../../tests/helpers/require-tool.ts';

/**
 * A private Docker daemon for tests: its own data root, exec root and socket under a short
 * temp folder, no iptables rules and no default bridge, so it never touches the host's Docker
 * (if any) and leaves nothing behind. Needs root (dockerd creates namespaces and mounts).
 */

export const BUSYBOX_IMAGE = 'scarbook/busybox:test';

export interface PrivateDockerd {
  /** `unix:///tmp/sbd-xxxx/d.sock`: pass as `--host` / DOCKER_HOST. */
  endpoint: string;
  root: string;
  pid: number;
  /** Runs the docker CLI against this daemon; returns stdout. */
  docker(args: readonly string[], timeout?: number): Promise<string>;
  /** The daemon's log, for failure messages. */
  log(): string;
  /** Removes containers and networks, stops the daemon by its PID, unmounts and deletes the temp folder. */
  stop(): Promise<void>;
}

/** Running, not a zombie. pid 0 would mean "our process group" to kill(): never. */
function alive(pid: number): boolean {
  try {
    return pid > 0 && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Processes started by our dockerd (its containerd, shims), found through /proc, so stop() never signals anyone else's. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(/\s+/).filter(Boolean).map(Number)) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

export async function startDockerd(options: { startTimeoutMs?: number; /** Also listen on tcp://127.0.0.1:<port> (loopback only: plain TCP has no auth). */ tcpPort?: number } = {}): Promise<PrivateDockerd> {
  if (process.getuid?.() !== 0) throw new Error('startDockerd needs root (dockerd creates namespaces and mounts): run the tests as root, e.g. in the CI container.');
  // Unix socket paths are limited to ~108 bytes, containerd's shim sockets sit below the exec root: keep it short.
  const root = mkdtempSync('/tmp/sbd-');
  const endpoint = `unix://${root}/d.sock`;
  const args = [
    '--storage-driver=vfs', // no overlayfs needed: works on any file system, inside containers too
    '--iptables=false',
    '--ip6tables=false',
    '--bridge=none', // no docker0: user-defined networks still work, bridge interfaces named br-<id>
    `--data-root=${root}/data`,
    `--exec-root=${root}/x`,
    `--pidfile=${root}/pid`,
    `--host=${endpoint}`,
    ...(options.tcpPort ? [`--host=tcp://127.0.0.1:${options.tcpPort}`] : []),
    '--shutdown-timeout=2',
  ];
  let server: ReturnType<typeof startProcess>;
  try {
    // dockerd lives in /usr/sbin and looks up runc and containerd on PATH: a non-root PATH lacks sbin.
    const PATH = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean).join(':');
    server = startProcess(which('dockerd') ?? 'dockerd', args, { env: { PATH } });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`Could not start dockerd (${(error as Error).message}): apt-get install -y docker.io`, { cause: error });
  }
  const pid = server.pid;
  const log = () => server.output();
  const docker = (a: readonly string[], timeout = 120_000) => runCommand('docker', ['--host', endpoint, ...a], { timeout });
  const networks = new Set<string>();

  const stop = async () => {
    if (!server.exited()) {
      // Containers and networks first: removing a network deletes its br-<id> interface on the host.
      const containers = (await docker(['ps', '-aq'], 30_000).catch(() => '')).split('\n').filter(Boolean);
      if (containers.length) await docker(['rm', '-f', '-v', ...containers], 60_000).catch(() => '');
      for (const id of (await docker(['network', 'ls', '-q', '--no-trunc'], 30_000).catch(() => '')).split('\n').filter(Boolean)) networks.add(id);
      await docker(['network', 'prune', '-f'], 30_000).catch(() => '');
      const ours = descendants(pid); // its containerd and shims: orphaned if dockerd has to be killed
      await server.stop(); // SIGTERM to this PID, SIGKILL after 10 s
      for (const p of ours) if (alive(p)) process.kill(p, 'SIGKILL');
    }
    for (const id of networks) await runCommand('ip', ['link', 'delete', `br-${id.slice(0, 12)}`], { timeout: 10_000 }).catch(() => '');
    // dockerd leaves its network namespace mounts (x/netns/default) behind; rm cannot delete mount points.
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(`${root}/`));
    for (const m of mounts.sort().reverse()) await runCommand('umount', ['-l', m], { timeout: 10_000 }).catch(() => '');
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const probe = async () => (await docker(['version', '--format', '{{.Server.Version}}'], 5_000)).trim() || undefined;
    await waitFor(`dockerd to answer on ${endpoint}`, probe, options.startTimeoutMs ?? 90_000, server);
  } catch (error) {
    const tail = log().split('\n').slice(-15).join('\n');
    await stop().catch(() => undefined);
    throw new Error(`${(error as Error).message}\n$ dockerd ${args.join(' ')}\n${tail}`, { cause: error });
  }
  return { endpoint, root, pid, docker, log, stop };
}

/** Applets the test containers use; busybox decides what to do by the name it is called as. */
const APPLETS = ['sh', 'sleep', 'httpd', 'nc', 'wget', 'cat', 'echo', 'ls', 'true', 'false', 'env', 'mkdir', 'test'];

/**
 * A tiny image without registry or network: Debian's static busybox in an otherwise empty
 * root file system, loaded with `docker import`. Returns the image id.
 */
export async function makeBusyboxImage(d: PrivateDockerd, tag = BUSYBOX_IMAGE, busybox = '/bin/busybox'): Promise<string> {
  if (!existsSync(busybox)) throw new Error(`${busybox} not found: apt-get install -y busybox-static (the static build: the image has no libc).`);
  const rootfs = path.join(d.root, 'rootfs');
  for (const dir of ['bin', 'tmp', 'www', 'data']) mkdirSync(path.join(rootfs, dir), { recursive: true });
  copyFileSync(busybox, path.join(rootfs, 'bin/busybox'));
  chmodSync(path.join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of APPLETS) symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  return importRootfs(d, rootfs, tag);
}

/** Packs a root file system folder into an image with `docker import` (no registry), then removes the folder. */
export async function importRootfs(d: PrivateDockerd, rootfs: string, tag: string): Promise<string> {
  const tar = `${rootfs}.tar`;
  await runCommand('tar', ['-C', rootfs, '-cf', tar, '.'], { timeout: 60_000 });
  const id = await d.docker(['import', '--change', 'ENV PATH=/bin', '--change', 'CMD ["/bin/sh"]', tar, tag]);
  rmSync(rootfs, { recursive: true, force: true });
  rmSync(tar, { force: true });
  return id.trim();
}
