import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './server-process.ts';

/**
 * A stand-in executable for collector tests: a tiny `/bin/sh` script named like the real tool
 * (`wg`, `tailscale`, `ssh`) in a temp dir put first on PATH. It checks its arguments, then prints
 * a recording on stdout, a line on stderr, and exits with the given code, so the collector's real
 * fetch (argument building, exit codes, stderr handling) runs unchanged.
 */
export interface StandInOptions {
  /** Exact arguments expected; others make the stand-in fail with exit 64 and say what it got. */
  expectArgs?: readonly string[];
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Seconds to sleep before answering (to test timeouts). */
  sleepSeconds?: number;
}

export interface StandIn {
  dir: string;
  /** Env for the command runner: PATH with the stand-in first. */
  env: Record<string, string>;
  /** The arguments of every call so far, one array per call. */
  calls(): string[][];
  remove(): void;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function standIn(name: string, options: StandInOptions = {}): StandIn {
  const tmp = tempDir(`stand-in-${name}`);
  const file = (f: string) => path.join(tmp.dir, f);
  writeFileSync(file('stdout'), options.stdout ?? '');
  writeFileSync(file('stderr'), options.stderr ?? '');
  writeFileSync(file('calls'), '');
  const lines = [
    '#!/bin/sh',
    // One call per line, arguments NUL-free and tab-separated (enough for tests).
    `{ first=1; for a in "$@"; do if [ $first = 1 ]; then first=0; else printf '\\t'; fi; printf '%s' "$a"; done; printf '\\n'; } >> ${quote(file('calls'))}`,
  ];
  if (options.expectArgs) {
    lines.push(`expected=${quote(options.expectArgs.join('\t'))}`);
    lines.push(`got=$(tail -n 1 ${quote(file('calls'))})`);
    lines.push(`if [ "$got" != "$expected" ]; then echo "stand-in ${name}: unexpected arguments: $got" >&2; exit 64; fi`);
  }
  if (options.sleepSeconds) lines.push(`exec sleep ${Number(options.sleepSeconds)}`);
  lines.push(`cat ${quote(file('stdout'))}`, `cat ${quote(file('stderr'))} >&2`, `exit ${options.exitCode ?? 0}`);
  writeFileSync(file(name), `${lines.join('\n')}\n`);
  chmodSync(file(name), 0o755);
  return {
    dir: tmp.dir,
    env: { PATH: `${tmp.dir}${path.delimiter}${process.env['PATH'] ?? ''}` },
    calls: () => readFileSync(file('calls'), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split('\t')),
    remove: tmp.remove,
  };
}
