import type { RawOutput } from '../../collector.ts';

/**
 * The shell script a linux-host pull runs, locally (`sh -c`) or remotely (`ssh … sh -s`, script
 * on stdin): one process and one connection per host, whatever the number of sections.
 *
 * Every section prints `@@scarbook section <file>`, then the command's output. A command that
 * fails or is missing adds `@@scarbook exit <code>: <stderr>`: the run goes on, and the recorded
 * file says why that section is empty, so a replay sees exactly what the pull saw.
 * POSIX sh only (dash, busybox ash): no arrays, no `local`, no bash-isms.
 */
export const LINUX_HOST_SCRIPT = String.raw`
LC_ALL=C; export LC_ALL
M=@@scarbook
ERR=$(mktemp 2>/dev/null || echo "/tmp/scarbook-err.$$")
trap 'rm -f "$ERR"' EXIT
section() {
  f=$1; shift
  printf '%s section %s\n' "$M" "$f"
  out=$("$@" 2>"$ERR"); rc=$?
  [ -n "$out" ] && printf '%s\n' "$out"
  if [ "$rc" -ne 0 ]; then
    printf '%s exit %s: %s\n' "$M" "$rc" "$(head -c 300 "$ERR" | tr '\n' ' ' | sed 's/ *$//')"
  fi
  return "$rc"
}
# hostname -f asks DNS and statfs hangs on a dead NFS server: bound them where timeout(1) exists,
# so one stuck call costs its section, not the whole host.
bounded() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }
host_name() { hostname 2>/dev/null || uname -n; }
os_release() { cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release; }
cpu_info() { grep -E '^(processor|model name|Model|Hardware|cpu model)[[:space:]]*:' /proc/cpuinfo; }
ip_text() { ip -o addr 2>/dev/null || ip addr; }
listening() { ss -Hltnup 2>/dev/null || ss -ltnup; }
services() {
  if [ -d /run/systemd/system ]; then
    systemctl list-units --type=service --all --no-legend --plain --no-pager
  else
    echo 'no /run/systemd/system: not booted with systemd' >&2; return 3
  fi
}
resolved_dns() { resolvectl dns 2>/dev/null || systemd-resolve --status; }

section hostname.txt host_name
section hostname-f.txt bounded 10 hostname -f
section os-release.txt os_release
section uname.txt uname -srm
section cpuinfo.txt cpu_info
section nproc.txt nproc
section meminfo.txt cat /proc/meminfo
section findmnt.json bounded 20 findmnt -J -b -o SOURCE,TARGET,FSTYPE,SIZE,USED,AVAIL || section df.txt bounded 20 df -PTk
section ip-addr.json ip -j addr || section ip-addr.txt ip_text
section ss.txt listening
section systemctl.txt services
section resolv.conf cat /etc/resolv.conf
# systemd-resolved writes this file only while it runs: /etc/resolv.conf then usually names its
# stub 127.0.0.53, and the real upstreams are only known here and from resolvectl.
if [ -r /run/systemd/resolve/resolv.conf ]; then
  section resolved-resolv.conf cat /run/systemd/resolve/resolv.conf
  section resolvectl.txt resolved_dns
fi
exit 0
`;

const MARK = '@@scarbook';
const SECTION = /^@@scarbook section (\S+)$/;
const EXIT = /^@@scarbook exit (\d+): ?(.*)$/;

/** Splits the script's stdout into one raw file per section (the `exit` line stays in its file). */
export function splitSections(stdout: string): RawOutput {
  const files: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    const header = SECTION.exec(line);
    if (header) files[header[1]!] = current = [];
    // Anything before the first header (a login banner printed on stdout) is not ours.
    else if (current) current.push(line);
  }
  return Object.fromEntries(Object.entries(files).map(([name, lines]) => [name, `${lines.join('\n').replace(/\n+$/, '')}\n`]));
}

export interface Section {
  /** The command's output, without the `exit` line. */
  text: string;
  /** Why the command failed (`exit 127: sh: findmnt: not found`), or undefined when it succeeded. */
  error?: string;
}

/** One section of the raw output; a file that is absent reads as a failed, empty section. */
export function section(raw: RawOutput, file: string): Section {
  const content = raw[file];
  if (content === undefined) return { text: '', error: 'not collected' };
  const lines = content.split('\n');
  const errorLine = lines.findIndex((l) => l.startsWith(`${MARK} exit `));
  if (errorLine < 0) return { text: content };
  const [line] = lines.splice(errorLine, 1);
  const m = EXIT.exec(line!);
  return { text: lines.join('\n'), error: m ? `exit ${m[1]}: ${m[2]!.trim()}` : line! };
}

/** Output worth parsing: a failed command's output is used when there is some (df exits 1 on one unreadable mount). */
export function usable(s: Section): boolean {
  return s.text.trim() !== '';
}

export interface SshTarget {
  ssh?: string;
  sshOptions?: string[];
}

/**
 * The command that runs the script: `sh -c` here, `ssh … sh -s` for a remote host. ssh keeps the
 * FIRST value it sees for an option, so the configured sshOptions go before our defaults and win.
 * BatchMode: a pull must fail, not hang on a password prompt.
 */
export function scriptCommand(target: SshTarget): { file: string; args: string[]; input?: string } {
  if (!target.ssh) return { file: 'sh', args: ['-c', LINUX_HOST_SCRIPT] };
  const defaults = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15'];
  return { file: 'ssh', args: [...(target.sshOptions ?? []), ...defaults, '--', target.ssh, 'sh -s'], input: LINUX_HOST_SCRIPT };
}
