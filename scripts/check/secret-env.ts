import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Problem } from './links.ts';

/** Shorter values would match ordinary words in a whole site: they are named, not scanned for. */
export const MIN_SECRET_LENGTH = 8;

/** Variable names a sources.yaml gives as credentials: every string field whose key ends in `Env`. */
function namedBySources(contentPath: string): string[] {
  const file = path.join(contentPath, 'lab', 'sources.yaml');
  if (!existsSync(file)) return [];
  const names: string[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (/Env$/.test(k) && typeof x === 'string' ? names.push(x) : visit(x));
  };
  try {
    visit(parseYaml(readFileSync(file, 'utf8')));
  } catch {
    // A broken sources.yaml is lab:pull's to report; the scan still has the policy's list.
  }
  return names;
}

/**
 * The values to scan for: `policy.secretEnv` plus the credentials sources.yaml names, read from
 * `env`. A variable that is unset or too short to scan is reported as a notice, so a run
 * without the lab's secrets (a fork's pull request) says what it could not check.
 */
export function secretEnvValues(policyNames: readonly string[], contentPath: string, env: NodeJS.ProcessEnv, configFile: string): { values: Record<string, string>; notices: Problem[] } {
  const names = [...new Set([...policyNames, ...namedBySources(contentPath)])].sort();
  const values: Record<string, string> = {};
  const notices: Problem[] = [];
  const notice = (message: string) => notices.push({ file: configFile, line: 1, column: 1, gate: 'secrets', severity: 'notice', message });
  const unset = names.filter((n) => !env[n]);
  if (unset.length) notice(`${unset.map((n) => `$${n}`).join(', ')} ${unset.length === 1 ? 'is' : 'are'} not set here, so the scan could not look for ${unset.length === 1 ? 'its value' : 'their values'}`);
  for (const name of names.filter((n) => env[n])) {
    const value = env[name]!;
    if (value.length < MIN_SECRET_LENGTH) notice(`$${name} is shorter than ${MIN_SECRET_LENGTH} characters, too short to scan for without false alarms (and too short to be a good secret)`);
    else values[name] = value;
  }
  return { values, notices };
}
