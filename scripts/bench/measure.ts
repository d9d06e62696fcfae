import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What one timed command cost. */
export interface Measurement {
  ms: number;
  /**
   * Highest memory of the command and all its descendants, polled from /proc: the sum of each
   * process's proportional set size (shared pages split between the processes sharing them, so
   * Chromium's many processes are not counted many times over).
   */
  peakTreePssBytes: number | null;
  /** What the peak sample was made of: the processes above 20 MiB, largest first ("node 168, chromium 140, …" in MiB). */
  peakParts: string | null;
  /** Largest single process of the tree, exactly (GNU time's maximum resident set size), when /usr/bin/time exists. */
  maxProcessRssBytes: number | null;
  exitCode: number;
  /** stdout and stderr, interleaved as written. */
  log: string;
}

const PAGE = 4096;
const GNU_TIME = '/usr/bin/time';

/** Parent and name of every process, from /proc/<pid>/stat (the name may hold spaces and parentheses). */
function processTable(): { pid: number; ppid: number; name: string; rssBytes: number }[] {
  const out: { pid: number; ppid: number; name: string; rssBytes: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), ppid: Number(fields[1]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), rssBytes: Number(fields[21]) * PAGE });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return out;
}

/** Proportional set size of one process (kernel 4.14+); its resident set size, marked, when that cannot be read. */
function pss(pid: number, rssBytes: number): { bytes: number; rss: boolean } {
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return kb ? { bytes: Number(kb) * 1024, rss: false } : { bytes: rssBytes, rss: true };
  } catch {
    return { bytes: rssBytes, rss: true };
  }
}

/**
 * The program a process runs (its first argument, without the folder): Node names its main thread
 * "MainThread", and Chromium's helpers rewrite their command line into one string.
 */
function programName(pid: number): string | undefined {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (/chrom/i.test(cmdline)) return 'chromium';
    return path.basename(cmdline.split('\0')[0]?.split(' ')[0] ?? '') || undefined;
  } catch {
    return undefined;
  }
}

/** Memory of `root` and everything it started, whatever process group they moved to (Chromium does), and of each process. */
export function treeSample(root: number): { total: number; parts: { name: string; bytes: number; rss: boolean }[] } {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const parts: { name: string; bytes: number; rss: boolean }[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const p = byPid.get(pid);
    if (p) parts.push({ name: programName(pid) ?? p.name, ...pss(pid, p.rssBytes) });
    stack.push(...(children.get(pid) ?? []));
  }
  return { total: parts.reduce((sum, part) => sum + part.bytes, 0), parts };
}

export function treePss(root: number): number {
  return treeSample(root).total;
}

/** "node 168, chromium 140, … MiB": the processes of a sample above 20 MiB, largest first; "(RSS)" where PSS could not be read. */
function describeParts(parts: { name: string; bytes: number; rss: boolean }[]): string {
  const big = parts.filter((p) => p.bytes > 20 * 2 ** 20).sort((a, b) => b.bytes - a.bytes);
  return `${big.map((p) => `${p.name} ${Math.round(p.bytes / 2 ** 20)}${p.rss ? ' (RSS)' : ''}`).join(', ')} MiB`;
}

/**
 * Runs a command to completion, timing it and sampling the memory of its process tree. This
 * is the one place the harness spawns processes itself: it needs the child's pid to follow the
 * tree, which the project's runCommand does not expose. Output goes to a file, not a pipe, so a
 * chatty build is never slowed by a full pipe buffer.
 */
export async function measure(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; pollMs?: number; timeoutMs?: number }): Promise<Measurement> {
  const work = mkdtempSync(path.join(tmpdir(), 'scarbook-measure-'));
  const logFile = path.join(work, 'out.log');
  const timeFile = path.join(work, 'time.txt');
  const useTime = existsSync(GNU_TIME) && process.platform === 'linux';
  const [cmd, argv] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, file, ...args]] : [file, [...args]];
  const fd = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let peak: number | null = null;
  let peakParts: string | null = null;
  const poll = () => {
    if (child.pid === undefined || process.platform !== 'linux') return;
    const sample = treeSample(child.pid);
    if (peak === null || sample.total > peak) {
      peak = sample.total;
      peakParts = describeParts(sample.parts);
    }
  };
  // Every 200 ms for the first 5 s (a pull or merge of a small lab is over in one), then once a
  // second: each poll reads every process's /proc stat and the tree's smaps_rollup, which takes
  // CPU from the build it measures.
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      poll();
      schedule();
    }, options.pollMs ?? (performance.now() - started < 5_000 ? 200 : 1_000));
  };
  schedule();
  const killer = options.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs) : undefined;
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }).finally(() => {
    clearTimeout(timer);
    if (killer) clearTimeout(killer);
  });
  const ms = performance.now() - started;
  const log = readFileSync(logFile, 'utf8');
  const timeText = useTime && existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
  const maxKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(timeText)?.[1];
  rmSync(work, { recursive: true, force: true });
  return { ms, peakTreePssBytes: peak, peakParts, maxProcessRssBytes: maxKb ? Number(maxKb) * 1024 : null, exitCode, log };
}

/** Like `measure`, but a non-zero exit is an error naming the command and the end of its output. */
export async function measureOk(file: string, args: readonly string[], options: Parameters<typeof measure>[2]): Promise<Measurement> {
  const m = await measure(file, args, options);
  if (m.exitCode !== 0) {
    const tail = m.log.trim().split('\n').slice(-15).join('\n');
    throw new Error(`\`${[file, ...args].join(' ')}\` failed with exit code ${m.exitCode} after ${(m.ms / 1000).toFixed(1)} s:\n${tail}`);
  }
  return m;
}
