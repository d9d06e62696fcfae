import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import GithubSlugger from 'github-slugger';
import { parseFrontmatter } from '../../src/schemas/format-error.ts';
import { SCHEMAS } from '../../src/lib/validate-content.ts';
import { TEMPLATES, type Kind } from './templates.ts';

const FOLDERS: Record<Kind, 'runbooks' | 'decisions' | 'drills' | 'incidents'> = {
  runbook: 'runbooks',
  decision: 'decisions',
  drill: 'drills',
  incident: 'incidents',
};

export const KINDS = Object.keys(TEMPLATES) as Kind[];

/** The next free decision number: one more than the highest `NNNN-` file name, padded to four digits. */
export async function nextDecisionNumber(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const numbers = names.map((n) => Number(path.basename(n).match(/^(\d+)[-_]/)?.[1] ?? 0));
  return String(Math.max(0, ...numbers) + 1).padStart(4, '0');
}

export interface ScaffoldOptions {
  contentPath: string;
  kind: Kind;
  title: string;
  /** Sub-folder inside the section (`dns`), for runbooks mostly. */
  folder?: string;
  author: string;
  today?: Date;
}

/**
 * Writes a new document with valid front matter and returns its path. Refuses to overwrite,
 * and validates what it wrote against the same schema the build uses.
 */
export async function scaffold(o: ScaffoldOptions): Promise<string> {
  if (!o.title.trim()) throw new Error('Give the new document a title: npm run new -- runbook "DNS outage"');
  const date = (o.today ?? new Date()).toISOString().slice(0, 10);
  const section = FOLDERS[o.kind];
  const dir = path.join(o.contentPath, section, o.folder ?? '');
  const slug = new GithubSlugger().slug(o.title) || 'untitled';
  const number = o.kind === 'decision' ? await nextDecisionNumber(path.join(o.contentPath, section)) : undefined;
  const prefix = o.kind === 'incident' ? `${date}-` : number ? `${number}-` : '';
  const file = path.join(dir, `${prefix}${slug}.md`);
  if (existsSync(file)) throw new Error(`${file} already exists: pick another title, or edit that file.`);
  const text = TEMPLATES[o.kind]({ title: o.title.trim(), date, author: o.author, number });
  parseFrontmatter(SCHEMAS[section], matter(text).data, file);
  await mkdir(dir, { recursive: true });
  await writeFile(file, text, { flag: 'wx' });
  return file;
}
