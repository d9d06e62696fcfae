import { chmodSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../../src/lib/run-command.ts';
import { importRootfs, type PrivateDockerd } from './dockerd.ts';

export const PIHOLE_IMAGE = 'scarbook/pihole:test';

/**
 * A Pi-hole stand-in image: Debian's dnsmasq (Pi-hole's FTL is a fork of it) with the shared
 * libraries `ldd` lists, plus static busybox for `sh` and `httpd` (the admin page). Built from the
 * host's files and loaded with `docker import`: no registry, no network.
 */
export async function makePiholeImage(d: PrivateDockerd, dnsmasq: string, busybox = '/bin/busybox'): Promise<string> {
  const rootfs = path.join(d.root, 'pihole-rootfs');
  for (const dir of ['bin', 'etc', 'tmp', 'www/admin', 'etc/pihole']) mkdirSync(path.join(rootfs, dir), { recursive: true });
  copyFileSync(busybox, path.join(rootfs, 'bin/busybox'));
  chmodSync(path.join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of ['sh', 'httpd', 'echo', 'cat', 'sleep']) symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  copyFileSync(dnsmasq, path.join(rootfs, 'bin/dnsmasq'));
  chmodSync(path.join(rootfs, 'bin/dnsmasq'), 0o755);
  // Each library at the path the loader will look for it (the interpreter included).
  const libs = (await runCommand('ldd', [dnsmasq], { timeout: 10_000 })).split('\n').flatMap((l) => /(\/\S+) \(0x/.exec(l)?.[1] ?? []);
  for (const lib of libs) {
    mkdirSync(path.join(rootfs, path.dirname(lib)), { recursive: true });
    copyFileSync(lib, path.join(rootfs, lib));
  }
  // dnsmasq looks its user up even to stay root.
  writeFileSync(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/:/bin/sh\n');
  writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\n');
  writeFileSync(path.join(rootfs, 'www/admin/index.html'), '<title>Pi-hole admin</title>\n');
  return importRootfs(d, rootfs, PIHOLE_IMAGE);
}

/**
 * The container command: the admin page on :80 in the background, dnsmasq as the main process
 * on :53 answering the house's names, so killing the main process kills DNS.
 */
export function piholeCommand(records: Record<string, string>): string[] {
  const addresses = Object.entries(records).map(([name, ip]) => `--address=/${name}/${ip}`).join(' ');
  return ['sh', '-c', `httpd -p 80 -h /www && exec dnsmasq --keep-in-foreground --no-resolv --no-hosts --conf-file=/dev/null --pid-file= --user=root --log-facility=- ${addresses}`];
}
