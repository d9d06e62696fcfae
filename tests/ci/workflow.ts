import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const exec = promisify(execFile);

export interface Step { name?: string; id?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> }
export interface Job { 'runs-on': string | string[]; env?: Record<string, string>; steps: Step[] }
export interface Workflow { name: string; on: Record<string, unknown>; jobs: Record<string, Job> }

export const WORKFLOWS = path.resolve(import.meta.dirname, '../../.github/workflows');

export function loadWorkflow(file: string): Workflow {
  return parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Workflow;
}

/** `npm run X` names in a step's shell script (`npm run check -- --strict` → `check`). */
export function npmScripts(run: string): string[] {
  return [...run.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1]!);
}

export interface StepRun { step: Step; skipped: boolean; code: number; output: string }

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  /** `vars.X` and `secrets.X` as the forge would fill them in (unset ones are empty, as there). */
  context?: Record<string, string>;
  /** Replaces a step as this machine must run it (no network: no `actions/*`, no `npm ci`). */
  replace?: (step: Step) => { skip: true } | { run: string } | { call: () => Promise<void> } | undefined;
}

/** `${{ vars.X }}` / `${{ secrets.X }}`; anything else is beyond what these workflows use and fails loudly. */
function expand(value: string, context: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    const m = /^(vars|secrets)\.(\w+)$/.exec(expr);
    if (!m) throw new Error(`workflow expression \${{ ${expr} }} is not supported by the local runner; keep workflows to vars.* and secrets.* in env`);
    return context[`${m[1]}.${m[2]}`] ?? '';
  });
}

/** `if: steps.<id>.outputs.<name> == 'value'`: the one condition form the workflows use. */
function condition(expr: string, outputs: Map<string, Record<string, string>>): boolean {
  const m = /^steps\.([\w-]+)\.outputs\.([\w-]+)\s*==\s*'([^']*)'$/.exec(expr.trim());
  if (!m) throw new Error(`if: ${expr} is not supported by the local runner (only steps.<id>.outputs.<name> == '<value>')`);
  return outputs.get(m[1]!)?.[m[2]!] === m[3];
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/**
 * Runs a job's steps in order, as a runner would: `bash -e -o pipefail` per `run:`, job and step
 * env, GITHUB_OUTPUT per step, one GITHUB_STEP_SUMMARY file, `if:` on earlier outputs. Stops at
 * the first failing step unless it is the last, and returns every step's exit code and output.
 */
export async function runJob(job: Job, options: RunOptions): Promise<{ steps: StepRun[]; summary: string }> {
  const context = options.context ?? {};
  const work = mkdtempSync(path.join(tmpdir(), 'scarbook-runner-'));
  const summary = path.join(work, 'summary.md');
  writeFileSync(summary, '');
  const outputs = new Map<string, Record<string, string>>();
  const runs: StepRun[] = [];
  const jobEnv = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, expand(String(v), context)]));
  for (const [i, step] of job.steps.entries()) {
    const replaced = options.replace?.(step);
    if ((step.if && !condition(step.if, outputs)) || (replaced && 'skip' in replaced) || (!step.run && !replaced)) {
      runs.push({ step, skipped: true, code: 0, output: '' });
      continue;
    }
    if (replaced && 'call' in replaced) {
      await replaced.call();
      runs.push({ step, skipped: false, code: 0, output: '' });
      continue;
    }
    const outputFile = path.join(work, `output-${i}`);
    writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), context)]));
    const env = { ...options.env, ...jobEnv, ...stepEnv, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summary };
    const script = replaced && 'run' in replaced ? replaced.run : step.run!;
    const result = await exec('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], { cwd: options.cwd, env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 })
      .then((r) => ({ code: 0, output: r.stdout + r.stderr }), (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }));
    if (step.id) outputs.set(step.id, parseOutputs(readFileSync(outputFile, 'utf8')));
    runs.push({ step, skipped: false, ...result });
    if (result.code !== 0 && i < job.steps.length - 1) break;
  }
  return { steps: runs, summary: readFileSync(summary, 'utf8') };
}
