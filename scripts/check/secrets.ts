import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from './links.ts';

/** One kind of credential the scan recognises. `value` picks the secret part when it is a group. */
interface Rule {
  id: string;
  what: string;
  pattern: RegExp;
  /** The group holding the secret itself, checked against placeholders. */
  value?: number;
  /** Only in prose and data: in bundled code `token: this.next` is a property, not a credential. */
  notInCode?: boolean;
}

/**
 * Credential formats whatever their surroundings. Deliberately narrower than redact.ts (which
 * may over-redact a snapshot): a scan of a whole built site must not cry wolf at every hash.
 */
export const SECRET_RULES: readonly Rule[] = [
  { id: 'private-key', what: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { id: 'github-token', what: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { id: 'slack-token', what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { id: 'slack-webhook', what: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/g },
  { id: 'aws-access-key', what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { id: 'aws-secret-key', what: 'an AWS secret access key', pattern: /aws_secret_access_key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})/gi, value: 1 },
  { id: 'jwt', what: 'a JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { id: 'bearer-token', what: 'a bearer token', pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{20,}=*)/g, value: 1 },
  { id: 'password-in-url', what: 'a password in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@"'<>]+:([^/\s@"'<>]+)@[^\s"'<>]/gi, value: 1 },
  { id: 'password-assignment', what: 'a password or token assigned in text', pattern: /(?<![A-Za-z])(?:password|passwd|secret|token|api[_-]?key)["']?\s*[:=]\s*["']?([^\s"'<>,;&)}\]]{8,})/gi, value: 1, notInCode: true },
];

/** Values that stand for a secret rather than being one: `$RESTIC_PASSWORD`, `<token>`, `[redacted]`, `xxxxxxxx`. */
export function isPlaceholder(value: string): boolean {
  return /^[$<{%*[(]/.test(value) || /redacted|example|changeme|placeholder|your[-_]|\.\.\.|…/i.test(value) || /^(.)\1+$/.test(value);
}

/** Built files worth reading; images, fonts and Pagefind's compressed index are not text. */
const BINARY = /\.(png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf|eot|pdf|gz|br|zst|zip|wasm|pf_fragment|pf_index|pf_meta|pagefind)$/i;
const MAX_BYTES = 32 * 1024 * 1024;
const CODE = /\.(m?js|cjs|css|map)$/i;
const MARKUP = /\.(html?|xml|svg)$/i;

/**
 * The prose of markup: tags, scripts and styles blanked to spaces of the same length, since
 * highlighted code splits `password=hunter2` into spans and offsets must still point into the file.
 */
const blank = (s: string) => s.replace(/[^\n]/g, ' ');
const proseOf = (text: string) => text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, blank).replace(/<[^>]*>/g, blank);

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.git') yield* walk(full);
    } else if (entry.isFile() && !BINARY.test(entry.name) && statSync(full).size <= MAX_BYTES) {
      yield full;
    }
  }
}

export interface SecretScanOptions {
  /** Files or folders to read (absolute). Missing ones are skipped: dist/ exists only after a build. */
  paths: string[];
  /** Project root: findings name files relative to it. */
  root: string;
  /** Values of configured environment variables, by variable name. */
  envValues?: Record<string, string>;
  /** Known non-secrets: a path prefix (relative to root) and optionally one rule. */
  allow?: { path: string; rule?: string }[];
}

/** Line and column (1-based) of an offset in a text. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Every credential-looking value in the given files: token formats, private keys, passwords in
 * URLs or assignments, and the values of configured environment variables. Findings name the
 * file, line and rule, never the value, so the report itself leaks nothing.
 */
export function scanForSecrets(options: SecretScanOptions): Problem[] {
  const problems: Problem[] = [];
  const env = Object.entries(options.envValues ?? {});
  for (const start of options.paths.filter((p) => existsSync(p))) {
    const files = statSync(start).isDirectory() ? walk(start) : [start];
    for (const file of files) {
      const rel = path.relative(options.root, file).split(path.sep).join('/');
      const allowed = (rule: string) => (options.allow ?? []).some((a) => rel.startsWith(a.path.replace(/^\.\//, '')) && (!a.rule || a.rule === rule));
      const buffer = readFileSync(file);
      if (buffer.subarray(0, 8192).includes(0)) continue;
      const text = buffer.toString('utf8');
      // One secret, one finding: `token: ghp_…` is a GitHub token, not also an assignment.
      const taken: [number, number][] = [];
      const inFile: (Problem & { at: number })[] = [];
      const report = (rule: string, what: string, offset: number, length: number) => {
        if (allowed(rule) || taken.some(([a, b]) => offset < b && a < offset + length)) return;
        taken.push([offset, offset + length]);
        const { line, column } = position(text, offset);
        inFile.push({ at: offset, file: rel, line, column, gate: 'secrets', message: `secret: ${what} (rule ${rule}); the value is not shown here. ${advice(rel)}` });
      };
      // Most specific first: a configured value, then token formats, then generic assignments.
      for (const [name, value] of env) {
        for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) report(`env:${name}`, `the value of $${name}`, at, value.length);
      }
      let prose: string | undefined;
      for (const rule of SECRET_RULES) {
        if (rule.notInCode && CODE.test(file)) continue;
        const view = rule.notInCode && MARKUP.test(file) ? (prose ??= proseOf(text)) : text;
        for (const m of view.matchAll(rule.pattern)) {
          const value = rule.value ? m[rule.value]! : m[0];
          if (rule.value && isPlaceholder(value)) continue;
          report(rule.id, rule.what, m.index! + (rule.value ? m[0].indexOf(value) : 0), value.length);
        }
      }
      problems.push(...inFile.sort((a, b) => a.at - b.at).map(({ at: _, ...p }) => p));
    }
  }
  return problems;
}

function advice(rel: string): string {
  if (/(^|\/)lab\//.test(rel)) return 'A lab snapshot must never hold one: rotate the credential, delete the file and pull again, and report the collector that kept it.';
  return 'Remove it from the document it was built from, rotate the credential, and build again; if it is not a secret, list it in policy.allowSecrets with the reason.';
}
