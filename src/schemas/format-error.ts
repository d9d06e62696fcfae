import type { z } from 'astro/zod';

type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString().slice(0, 10);
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** What the schema wanted, in the words an author understands. */
export function expected(issue: Issue): string {
  // A schema's own wording (`{ error: 'a date like 2026-09-14' }`) beats zod's generic one.
  if (!/^Invalid/i.test(issue.message) && issue.code !== 'invalid_value') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'invalid_union':
      if ('note' in issue && issue.note === 'No matching discriminator') {
        // zod 4 lists the valid discriminator values on this issue, outside its public type.
        const options = (issue as { options?: unknown[] }).options;
        return `one of the known types (${options?.map((o) => JSON.stringify(o)).join(' | ') ?? 'see the schema'})`;
      }
      return issue.message.replace(/^Invalid input:?\s*/i, '') || 'one of the accepted forms';
    default:
      // Custom checks carry the expectation as their message (`a duration like "30s"`).
      return issue.message.replace(/^Invalid input:?\s*(expected\s+)?/i, '');
  }
}

/** One `field: got X; expected Y` line per issue; the field path is written the way YAML authors see it. */
export function formatIssues(issues: readonly Issue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') : '(front matter)';
    const got = valueAt(input, issue.path);
    return `${path}: got ${show(got)}; expected ${expected(issue)}`;
  });
}

/** A content file that does not match its schema: names the file and every bad field. */
export class ContentError extends Error {
  readonly file: string;
  readonly lines: string[];
  constructor(file: string, lines: string[], what = 'invalid front matter') {
    super(`${file}: ${what}\n${lines.map((l) => `  - ${l}`).join('\n')}\n  Fix the front matter above, then build again.`);
    this.name = 'ContentError';
    this.file = file;
    this.lines = lines;
  }
}

/** Validates `data` from `file`; returns the parsed value or throws a ContentError listing every bad field. */
export function parseFrontmatter<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ContentError(file, formatIssues(result.error.issues, data));
}
