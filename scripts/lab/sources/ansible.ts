import path from 'node:path';
import { z } from 'astro/zod';
import type { Collector, Observation, RawOutput } from '../collector.ts';
import type { Edge, EntityInput } from '../../../src/schemas/lab.ts';
import { readAdhocOutput } from './ansible/adhoc.ts';
import { chooseNames, hostEntity, hypervisorEdge } from './ansible/host.ts';
import { decodeRaw, encodeRaw, type Collection, type Skipped } from './ansible/raw.ts';
import { readFactsDir } from './ansible/read-dir.ts';

/**
 * Host facts Ansible already gathered (a fleet of thousands: read them, do not log in again).
 * Reads a directory of JSON fact files (`ansible all -m setup --tree DIR`, or the jsonfile fact
 * cache) or a saved ad-hoc `ansible all -m setup` output. Never runs Ansible itself.
 */
export const AnsibleConfigSchema = z
  .object({
    name: z.string().min(1),
    type: z.literal('ansible'),
    /** Directory of fact files, one per host, named after it: `--tree DIR` or `fact_caching_connection`. */
    factsDir: z.string().min(1).optional(),
    /** A file holding the saved output of `ansible all -m setup` (`host | SUCCESS => {…}` blocks). */
    adhocOutput: z.string().min(1).optional(),
    /** Facts gathered longer ago than this (when the pull reads them) are marked stale. */
    maxAgeHours: z.number().positive().default(24),
  })
  .superRefine((c, ctx) => {
    if ((c.factsDir === undefined) === (c.adhocOutput === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.factsDir === undefined ? 'factsDir' : 'adhocOutput'],
        message: c.factsDir === undefined
          ? 'exactly one of factsDir (a directory of fact files) or adhocOutput (a saved `ansible all -m setup` output); neither is set'
          : 'exactly one of factsDir or adhocOutput, not both',
      });
    }
  });
export type AnsibleConfig = z.infer<typeof AnsibleConfigSchema>;

function describeSkipped(skipped: Skipped[]): string {
  const shown = skipped.slice(0, 3).map((s) => `${s.from} (${s.reason})`).join(', ');
  return skipped.length > 3 ? `${shown} and ${skipped.length - 3} more` : shown;
}

async function fetchFacts(config: AnsibleConfig): Promise<RawOutput> {
  const collectedAt = new Date().toISOString();
  const where = config.factsDir !== undefined ? `factsDir ${path.resolve(config.factsDir)}` : `adhocOutput ${path.resolve(config.adhocOutput!)}`;
  const { records, skipped } = config.factsDir !== undefined
    ? await readFactsDir(path.resolve(config.factsDir), config.name)
    : await readAdhocOutput(path.resolve(config.adhocOutput!), config.name);
  const readable = records.filter((r) => r.result !== 'invalid');
  if (readable.length === 0) {
    // Nothing usable: fail the source (its last good snapshot is kept) rather than replace a fleet with errors.
    const first = records[0]?.message;
    const why = first ? `no file could be read; the first: ${first}` : skipped.length ? `nothing in it is Ansible host facts (skipped: ${describeSkipped(skipped)})` : 'it is empty';
    throw new Error(`ansible source ${config.name}: ${where} holds no host facts: ${why}.`);
  }
  if (skipped.length) console.warn(`ansible source ${config.name}: skipped ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} of ${where} that are not host facts: ${describeSkipped(skipped)}`);
  const input: Collection['input'] = config.factsDir !== undefined ? { factsDir: config.factsDir } : { adhocOutput: config.adhocOutput! };
  return encodeRaw(records, { collectedAt, input, skipped });
}

export function parseFacts(raw: RawOutput, config: AnsibleConfig): Observation {
  const { records, collection } = decodeRaw(raw, config.name);
  const collectedAt = Date.parse(collection.collectedAt);
  if (!Number.isFinite(collectedAt)) throw new Error(`ansible source ${config.name}: collection.json has no valid collectedAt (${JSON.stringify(collection.collectedAt)}); re-record it.`);
  const opts = { source: config.name, collectedAt, maxAgeHours: config.maxAgeHours };
  const { names, sharedHostnames } = chooseNames(records);
  const entities: EntityInput[] = records.map((r) => hostEntity(r, names.get(r.host) ?? r.host, sharedHostnames, opts));
  const seen = new Set(entities.map((e) => e.id));
  const edges: Edge[] = [];
  for (const [i, r] of records.entries()) {
    const found = hypervisorEdge(r, entities[i]!.id, config.name);
    if (!found) continue;
    edges.push(found.edge);
    if (!seen.has(found.hypervisor.id)) entities.push(found.hypervisor);
    seen.add(found.hypervisor.id);
  }
  return { entities, edges };
}

export const ansibleCollector: Collector<AnsibleConfig> = {
  type: 'ansible',
  configSchema: AnsibleConfigSchema,
  fetch: (config) => fetchFacts(config),
  parse: parseFacts,
};
