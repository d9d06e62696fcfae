import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ContentError } from '../schemas/format-error.ts';
import { writeFileAtomicSync } from './atomic-write.ts';
import { addFiles } from './file-digest.ts';
import { fileIdentity, trustworthy, writtenAt } from './file-identity.ts';
import { checkContentFiles, listContentFiles } from './validate-content.ts';

/**
 * The content files the last build found valid, kept in Astro's cache folder, so a rebuild reads
 * and checks only the files that changed since (file-identity.ts): ~0.35 s of every rebuild on
 * the 1,000-runbook benchmark went into reading and checking all of them again.
 *
 * The record holds for one version of the schemas: a digest of their source (src/schemas) and of
 * this checker. A file it wrongly trusted would still be checked by Astro's content layer against
 * the same schemas, with a terser message.
 */
export const VALID_CONTENT = 'scarbook-valid-content.json';

const RecordSchema = z.object({ format: z.literal(1), schemas: z.string(), files: z.record(z.string(), z.string()) });

function schemasDigest(): string {
  const src = path.resolve(import.meta.dirname, '..');
  const hash = createHash('sha256');
  addFiles(hash, path.join(src, 'schemas'), src);
  addFiles(hash, path.join(src, 'lib/validate-content.ts'), src);
  return hash.digest('hex');
}

function readRecord(file: string, schemas: string): { files: Record<string, string>; written: bigint } {
  try {
    const parsed = RecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success && parsed.data.schemas === schemas) return { files: parsed.data.files, written: writtenAt(file) };
  } catch {
    // Missing or not JSON: every file is checked.
  }
  return { files: {}, written: 0n };
}

/**
 * validateContent() for a build: every content file, but those still the file the last build found
 * valid are not read. Returns how many files there are, how many were checked, and the errors.
 */
export async function checkContent(contentPath: string, root: string, recordFile: string): Promise<{ files: number; checked: number; errors: ContentError[] }> {
  const schemas = schemasDigest();
  const last = readRecord(recordFile, schemas);
  const listed = (await listContentFiles(contentPath)).map((f) => ({ ...f, rel: path.relative(root, f.file), identity: fileIdentity(f.file) }));
  const todo = listed.filter((f) => !(last.files[f.rel] === f.identity && trustworthy(f.identity, last.written)));
  const { errors } = await checkContentFiles(todo, root);
  const failed = new Set(errors.map((e) => e.file));
  const valid = Object.fromEntries(listed.filter((f) => !failed.has(f.rel)).map((f) => [f.rel, f.identity]));
  // A cache: atomic for readers, no fsync.
  writeFileAtomicSync(recordFile, `${JSON.stringify({ format: 1, schemas, files: valid })}\n`, { fsync: false });
  return { files: listed.length, checked: todo.length, errors };
}
