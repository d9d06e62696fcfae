import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import matter from 'gray-matter';
import { PullStatusSchema, SourceSnapshotSchema, type LabGraph, type SourceSnapshot, type SourceStatus } from '../../schemas/lab.ts';
import { ServiceAnnotationSchema } from '../../schemas/service.ts';
import { parseFrontmatter } from '../../schemas/format-error.ts';
import { mergeGraph, type Declaration } from './merge-graph.ts';

/** Reads a JSON file the pull wrote; a damaged one is an error that names it, not a silent gap. */
function readJson<T>(file: string, schema: { parse: (x: unknown) => T }, root: string): T {
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new Error(`${path.relative(root, file)} is not a valid lab snapshot (${(e as Error).message.split('\n')[0]}). It is machine-written: run \`npm run lab:pull\` again, or restore it from Git.`);
  }
}

/** `content/services/*.md`: people's annotations of lab entities (mode, declared dependencies). */
export function readDeclarations(contentPath: string, root: string): Declaration[] {
  const dir = path.join(contentPath, 'services');
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const data = parseFrontmatter(ServiceAnnotationSchema, matter(readFileSync(file, 'utf8')).data, path.relative(root, file));
      return { entity: data.entity, mode: data.mode, dependsOn: data.depends_on, file: path.relative(root, file) };
    });
}

/** How each source's last pull went (`content/lab/pull-status.json`); empty before the first pull. */
export function readStatuses(contentPath: string, root = process.cwd()): SourceStatus[] {
  const file = path.join(contentPath, 'lab', 'pull-status.json');
  return existsSync(file) ? readJson(file, PullStatusSchema, root).sources : [];
}

/** The lab as the snapshots in `content/lab/` describe it, merged. An empty lab when there are none. */
export function readLab(contentPath: string, root = process.cwd()): LabGraph & { snapshots: SourceSnapshot[] } {
  const lab = path.join(contentPath, 'lab');
  const sourcesDir = path.join(lab, 'sources');
  const snapshots = existsSync(sourcesDir)
    ? readdirSync(sourcesDir).filter((f) => f.endsWith('.json')).sort().map((f) => readJson(path.join(sourcesDir, f), SourceSnapshotSchema, root))
    : [];
  const statuses = readStatuses(contentPath, root);
  const sourcesYaml = path.join(lab, 'sources.yaml');
  const hostAliases = existsSync(sourcesYaml) ? ((parseYaml(readFileSync(sourcesYaml, 'utf8')) as { hostAliases?: Record<string, string[]> } | null)?.hostAliases ?? {}) : {};
  const graph = mergeGraph({ snapshots, statuses, hostAliases, declarations: readDeclarations(contentPath, root) });
  return { ...graph, snapshots };
}

/**
 * Changes whenever a pull, a restore from Git or an edit touches what readLab reads: the newest
 * modification time and the number of files under `lab/` and `services/`. For `astro dev`, which
 * keeps one process across edits; a build reads the lab once.
 */
export function labSignature(contentPath: string): string {
  let newest = 0;
  let count = 0;
  for (const dir of [path.join(contentPath, 'lab'), path.join(contentPath, 'services')]) {
    if (!existsSync(dir)) continue;
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const f of readdirSync(dir, { recursive: true }) as string[]) {
      newest = Math.max(newest, statSync(path.join(dir, f)).mtimeMs);
      count += 1;
    }
  }
  return `${count}:${newest}`;
}
