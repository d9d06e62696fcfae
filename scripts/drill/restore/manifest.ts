import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'astro/zod';
import { parseFrontmatter } from '../../../src/schemas/format-error.ts';
import { writeFileAtomic } from '../../lab/atomic-file.ts';
import { stableJson } from '../../lab/stable-json.ts';
import { listTree, sha256File } from './tree.ts';

export const MANIFEST_SCHEMA_VERSION = 1;

/**
 * What a backed-up folder held when it was backed up, written beside the backup job. A restore
 * drill verifies against it when the live data is on another machine, or changes too fast to
 * compare with.
 */
export const ManifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  generatedBy: z.string(),
  /** The folder the manifest describes, as given when it was written. */
  root: z.string(),
  /** When it was written (the backup's moment, roughly). */
  writtenAt: z.iso.datetime(),
  fileCount: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Every regular file, sorted by path (relative, `/`-separated). */
  files: z.array(z.object({ path: z.string().min(1), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** The manifest of `folder` as it is now. `exclude`: a path (absolute) to leave out, the manifest itself when written inside. */
export async function buildManifest(folder: string, options: { now?: Date; exclude?: string } = {}): Promise<Manifest> {
  const skip = options.exclude ? path.relative(folder, options.exclude).split(path.sep).join('/') : null;
  const tree = (await listTree(folder)).filter((f) => f.path !== skip);
  const files = [];
  for (const f of tree) files.push({ path: f.path, size: f.size, sha256: await sha256File(path.join(folder, f.path)) });
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    generatedBy: 'scarbook drill restore manifest',
    root: folder,
    writtenAt: (options.now ?? new Date()).toISOString(),
    fileCount: files.length,
    bytes: files.reduce((n, f) => n + f.size, 0),
    files,
  };
}

/** Writes the manifest of `folder` to `file` atomically (a backup job killed half-way leaves the old one). */
export async function writeManifest(folder: string, file: string, now?: Date): Promise<Manifest> {
  const manifest = await buildManifest(path.resolve(folder), { now, exclude: path.resolve(file) });
  await writeFileAtomic(file, stableJson(manifest));
  return manifest;
}

/** Reads and validates a manifest; a bad one fails with the file and field. */
export function readManifest(file: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not a readable manifest (${(e as Error).message}). Write it again with \`node scripts/drill/restore/manifest.ts <folder> ${file}\`.`);
  }
  return parseFrontmatter(ManifestSchema, raw, file);
}

// `node scripts/drill/restore/manifest.ts <folder> <manifest.json>`: run it right after the backup job.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [folder, file] = process.argv.slice(2);
  if (!folder || !file) {
    console.error('usage: node scripts/drill/restore/manifest.ts <folder> <manifest.json>  (run after each backup of <folder>)');
    process.exit(2);
  }
  writeManifest(folder, file).then(
    (m) => console.log(`${file}: ${m.fileCount} files, ${m.bytes} bytes`),
    (e: unknown) => {
      console.error(`manifest of ${folder}: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
