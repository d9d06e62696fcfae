/** Mounted file systems, from `findmnt -J -b` or, where findmnt is missing or too old, `df -PTk`. */

export interface Filesystem {
  source: string;
  mount: string;
  fstype: string;
  sizeBytes: number | null;
  usedBytes: number | null;
}

/**
 * Kernel and runtime file systems: they hold no data anyone backs up or runs out of, and a
 * container host has dozens of them. squashfs is real but read-only: on Ubuntu it is one loop
 * mount per snap revision. overlay is a container's root, built from the host's own disk.
 */
const PSEUDO = new Set([
  'proc', 'sysfs', 'tmpfs', 'devtmpfs', 'devpts', 'overlay', 'aufs', 'securityfs', 'pstore', 'bpf', 'debugfs',
  'tracefs', 'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'autofs', 'binfmt_misc', 'rpc_pipefs', 'nsfs',
  'efivarfs', 'ramfs', 'selinuxfs', 'squashfs', 'nfsd', 'fuse.lxcfs', 'fuse.gvfsd-fuse', 'fuse.portal', 'fuse.snapfuse',
]);

export function isPseudo(fstype: string): boolean {
  return PSEUDO.has(fstype) || fstype.startsWith('cgroup');
}

/**
 * findmnt writes `/dev/sda1[/srv/data]` for a bind mount of a subtree: the same file system again,
 * with the same size, so it is left out. btrfs subvolumes use the same notation
 * (`/dev/sda2[/@home]`) but are separate mounts worth listing.
 */
function isBindMount(source: string, fstype: string): boolean {
  return /\[.+\]$/.test(source) && fstype !== 'btrfs';
}

/** Sorted by mount point; when one point is mounted twice, the last (visible) mount wins. */
function finish(list: Filesystem[]): Filesystem[] {
  const byMount = new Map<string, Filesystem>();
  for (const fs of list) if (!isPseudo(fs.fstype) && !isBindMount(fs.source, fs.fstype)) byMount.set(fs.mount, fs);
  return [...byMount.values()].sort((a, b) => (a.mount < b.mount ? -1 : a.mount > b.mount ? 1 : 0));
}

interface FindmntNode {
  source?: string | null;
  target?: string | null;
  fstype?: string | null;
  size?: number | string | null;
  used?: number | string | null;
  children?: FindmntNode[];
}

/** util-linux < 2.33 prints numbers as strings in JSON; unreadable mounts give null. */
function bytes(v: number | string | null | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

/** `findmnt -J`: a tree (children under their parent mount), or a flat list with `--list`. */
export function parseFindmnt(json: string): Filesystem[] {
  const doc = JSON.parse(json) as { filesystems?: FindmntNode[] };
  const out: Filesystem[] = [];
  const walk = (nodes: FindmntNode[] | undefined) => {
    for (const n of nodes ?? []) {
      if (n.target) out.push({ source: n.source ?? '', mount: n.target, fstype: n.fstype ?? '', sizeBytes: bytes(n.size), usedBytes: bytes(n.used) });
      walk(n.children);
    }
  };
  walk(doc.filesystems);
  return finish(out);
}

/**
 * `df -PTk`: `Filesystem Type 1024-blocks Used Available Capacity Mounted-on`, one line per
 * mount (-P), sizes in KiB. A mount point may contain spaces, so it is the rest of the line.
 */
export function parseDf(text: string): Filesystem[] {
  const out: Filesystem[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\S+)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\S+)\s+(\/.*)$/.exec(line.trimEnd());
    if (!m) continue; // the header, or a line df could not fill in
    const kib = (v: string) => (v === '-' ? null : Number(v) * 1024);
    out.push({ source: m[1]!, fstype: m[2]!, sizeBytes: kib(m[3]!), usedBytes: kib(m[4]!), mount: m[7]! });
  }
  return finish(out);
}
