import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { entryId } from '../../src/lib/entry-id.ts';
import { definitionHash } from '../../src/lib/drills/definition-hash.ts';
import { readLab } from '../../src/lib/lab/read-lab.ts';
import { ContentError, parseFrontmatter } from '../../src/schemas/format-error.ts';
import { DrillSchema, type Drill } from '../../src/schemas/drill.ts';
import { interpolate, type UsedVariable } from './interpolate.ts';

/** A drill ready to run: validated, its targets found in the lab, its variables filled in. */
export interface LoadedDrill {
  id: string;
  /** Relative to the repository root, for messages. */
  file: string;
  /** The definition as written (for the definition hash and the plan). */
  definition: Drill;
  /** The definition with `${VAR}` filled in from the environment: what actually runs. */
  resolved: Drill;
  definitionHash: string;
  variables: UsedVariable[];
}

/** Every drill file under content/drills, by id. */
export function listDrills(contentPath: string): Map<string, string> {
  const dir = path.join(contentPath, 'drills');
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).filter((n) => /\.mdx?$/i.test(n)).sort()) out.set(entryId(f), path.join(dir, f));
  return out;
}

/** The raw front matter of one drill and its file; unknown ids fail with the ids that exist. */
export function readDrillFile(requested: string, contentPath: string, root: string): { id: string; file: string; data: Record<string, unknown> } {
  const drills = listDrills(contentPath);
  const id = drills.has(requested) ? requested : entryId(requested.replace(/^content\/drills\//, ''));
  const abs = drills.get(id);
  if (!abs) {
    const known = [...drills.keys()].join(', ') || 'none';
    throw new Error(`no drill "${requested}" in ${path.relative(root, path.join(contentPath, 'drills')) || '.'} (known drills: ${known}). Create one with \`npm run new -- drill "…"\`.`);
  }
  const file = path.relative(root, abs);
  try {
    return { id, file, data: matter(readFileSync(abs, 'utf8')).data };
  } catch (error) {
    throw new ContentError(file, [String((error as Error).message).split('\n')[0]!], 'front matter is not valid YAML');
  }
}

/**
 * Loads, validates and resolves a drill. Every way it can be wrong (a bad field, a target the
 * lab does not have, a variable nobody set) is an error naming the file and the field, raised
 * before anything is touched.
 */
export function loadDrill(id: string, options: { contentPath: string; root?: string; env?: NodeJS.ProcessEnv; checkTargets?: boolean }): LoadedDrill {
  const root = options.root ?? process.cwd();
  const { id: drillId, file, data } = readDrillFile(id, options.contentPath, root);
  const definition = parseFrontmatter(DrillSchema, data, file);
  if (options.checkTargets !== false) {
    const known = new Set(readLab(options.contentPath, root).entities.map((e) => e.id));
    const unknown = definition.targets.map((t, i) => [t, i] as const).filter(([t]) => !known.has(t));
    if (unknown.length) {
      throw new ContentError(file, unknown.map(([t, i]) => `targets[${i}]: got ${JSON.stringify(t)}; expected an entity of the lab graph (content/lab/ has ${known.size} entities). Fix the id, or pull the lab first (npm run lab:pull)`), 'drill aims at something the lab does not have');
    }
  }
  const pick = { steady_state: data.steady_state, fault: data.fault, rollback: data.rollback };
  const { value, used } = interpolate(pick, options.env ?? process.env, file);
  // Checked again with the values filled in: a URL assembled from variables must still be a URL.
  const resolved = parseFrontmatter(DrillSchema, { ...data, ...value }, `${file} (with environment variables filled in)`);
  return { id: drillId, file, definition, resolved, definitionHash: definitionHash(data), variables: used };
}
