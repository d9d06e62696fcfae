import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FetchContext } from '../collector.ts';
import { runCommand, type RunOptions } from '../../../src/lib/run-command.ts';

/**
 * Shared plumbing for tests that start REAL lab servers (Prometheus, Caddy…): free ports on
 * 127.0.0.1, temp dirs, polling instead of sleeping, and stopping exactly the process we started
 * (by its PID: a system-wide prometheus or caddy may be running and must not be touched).
 */

/** A port nothing listens on right now: bind 127.0.0.1:0, read the port, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `scarbook-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes; errors count as
 * "not yet". Gives up at once if `server` has exited (a bad config should not cost the whole timeout).
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, server?: ServerProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (server?.exited()) throw new Error(`${what}: the process exited`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface ServerProcess {
  pid: number;
  /** stdout + stderr so far, for failure messages. */
  output(): string;
  exited(): boolean;
  /** SIGTERM to this PID only, SIGKILL if it has not exited after 10 s. */
  stop(): Promise<void>;
}

export function startProcess(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ServerProcess {
  const child: ChildProcess = spawn(file, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => { log = (log + chunk.toString()).slice(-20_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => { log += `\n[spawn error] ${error.message}`; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`Could not start ${file}`);
  const pid = child.pid;
  return {
    pid,
    output: () => log,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => { if (child.exitCode === null) process.kill(pid, 'SIGKILL'); }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * A FetchContext like the pull runner's: `get` with a timeout that throws on non-2xx naming the URL
 * and status, `run` through the project's command runner with extra env for the test (cache dirs).
 */
export function testFetchContext(source: string, extraEnv: Record<string, string> = {}): FetchContext {
  return {
    source,
    env: process.env,
    run: (file: string, args: readonly string[], options: RunOptions = {}) =>
      runCommand(file, args, { ...options, env: { ...extraEnv, ...options.env } }),
    async get(url, init) {
      const response = await fetch(url, { headers: init?.headers, signal: AbortSignal.timeout(10_000) });
      const body = await response.text();
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
      return body;
    },
  };
}
