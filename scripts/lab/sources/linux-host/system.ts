/** Parsers for the identity sections: host name, os-release, uname, CPU, memory, systemd units. */

/** First non-empty line, trimmed (`hostname` prints one line; a failed command prints none). */
export function firstLine(text: string): string | null {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? null;
}

/**
 * os-release(5): `KEY=value` lines, values unquoted, in double quotes (with `\"`, `\\`, `\$`,
 * `` \` `` escapes) or in single quotes (literal). Comments and blank lines are skipped.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m || line.startsWith('#')) continue;
    out[m[1]!] = unquote(m[2]!.trim());
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v;
}

export interface OsInfo {
  id: string | null;
  name: string | null;
  version: string | null;
}

export function osInfo(text: string): OsInfo {
  const r = parseOsRelease(text);
  // Rolling releases (Arch, Debian sid) have no VERSION_ID; VERSION is the human form when present.
  return { id: r['ID'] ?? null, name: r['NAME'] ?? r['PRETTY_NAME'] ?? null, version: r['VERSION_ID'] ?? r['VERSION'] ?? null };
}

/** `uname -srm`: `Linux 6.1.0-41-amd64 x86_64` → kernel release and machine. */
export function parseUname(text: string): { kernel: string | null; arch: string | null } {
  const parts = (firstLine(text) ?? '').split(/\s+/).filter(Boolean);
  if (parts.length < 3) return { kernel: null, arch: null };
  return { kernel: parts[1]!, arch: parts[parts.length - 1]! };
}

/**
 * The grep of /proc/cpuinfo: one `processor` line per logical CPU; the model is `model name` on
 * x86, `Model` on a Raspberry Pi, `Hardware` on older ARM boards, `cpu model` on MIPS.
 * `nproc` is the fallback count when /proc/cpuinfo could not be read.
 */
export function parseCpu(cpuinfo: string, nproc: string): { model: string | null; cores: number | null } {
  const fields = cpuinfo.split('\n').map((l) => /^([^:]+?)\s*:\s*(.*)$/.exec(l)).filter((m) => m !== null);
  const processors = fields.filter((m) => m[1] === 'processor').length;
  const model = ['model name', 'Model', 'Hardware', 'cpu model'].map((k) => fields.find((m) => m[1] === k)?.[2]?.trim()).find((v) => v) ?? null;
  const n = Number.parseInt(firstLine(nproc) ?? '', 10);
  return { model, cores: processors > 0 ? processors : Number.isFinite(n) ? n : null };
}

/** `/proc/meminfo`: `MemTotal:       24684096 kB` → bytes. */
export function parseMemTotal(meminfo: string): number | null {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo);
  return m ? Number(m[1]) * 1024 : null;
}

export interface ServiceState {
  name: string;
  /** systemd's SUB state: running, exited, dead, failed, auto-restart … */
  state: string;
}

/**
 * `systemctl list-units --type=service --all --no-legend --plain`: `UNIT LOAD ACTIVE SUB DESC…`.
 * Some versions keep a `●` (or `*` under LC_ALL=C) before failed and not-found units, even with
 * --plain. `not-found` units are references to units that do not exist (a Wants= of an
 * uninstalled package), not services of this host, so they are left out.
 */
export function parseSystemctl(text: string): ServiceState[] {
  const out: ServiceState[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/).filter(Boolean);
    if (parts[0] === '●' || parts[0] === '*') parts.shift();
    const [unit, load, , sub] = parts;
    if (!unit || !sub || !unit.includes('.') || load === 'not-found') continue;
    out.push({ name: unit, state: sub });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
