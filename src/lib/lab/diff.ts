import type { Entity } from '../../schemas/lab.ts';

export interface LabChange {
  added: Entity[];
  removed: Entity[];
  /** Same entity, different facts: `image scarbook/pihole:2024.07 → 2025.02`. */
  changed: { entity: Entity; field: string; from: string; to: string }[];
  /** Same kind and name, on another host now. */
  moved: { entity: Entity; from: string; to: string }[];
}

/** Facts whose change is news to a reader: state, image, version, kernel. */
const WATCHED: [string, (e: Entity) => unknown][] = [
  ['status', (e) => e.status],
  ['mode', (e) => e.mode],
  ['image', (e) => e.attributes.image],
  ['image digest', (e) => e.attributes.imageDigest],
  ['kernel', (e) => e.attributes.kernel],
  ['os', (e) => (e.attributes.os as { version?: string } | undefined)?.version ?? e.attributes.os],
  ['restart policy', (e) => (e.attributes.restartPolicy as { name?: string } | undefined)?.name],
  ['latest backup', (e) => e.attributes.latest],
  ['health', (e) => e.attributes.health],
];

const show = (v: unknown) => (v === undefined || v === null ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));
const hostPart = (id: string) => /^[a-z-]+:([^/:]+)[/:]/.exec(id)?.[1] ?? '';
const movable = (e: Entity) => `${e.kind}\u0000${e.name}`;

/** What appeared, disappeared, changed or moved between two views of the lab. */
export function diffEntities(before: Entity[], after: Entity[]): LabChange {
  const old = new Map(before.map((e) => [e.id, e]));
  const now = new Map(after.map((e) => [e.id, e]));
  // Several sources see one entity (a host seen by its Docker daemon and by itself): count it once.
  let added = [...now.values()].filter((e) => !old.has(e.id));
  let removed = [...old.values()].filter((e) => !now.has(e.id));
  const moved: LabChange['moved'] = [];
  for (const a of [...added]) {
    const r = removed.find((x) => movable(x) === movable(a) && hostPart(x.id) && hostPart(x.id) !== hostPart(a.id));
    if (r && (a.kind === 'container' || a.kind === 'vm')) {
      moved.push({ entity: a, from: hostPart(r.id), to: hostPart(a.id) });
      added = added.filter((x) => x !== a);
      removed = removed.filter((x) => x !== r);
    }
  }
  const changed: LabChange['changed'] = [];
  for (const [id, e] of now) {
    const prev = old.get(id);
    if (!prev) continue;
    for (const [field, get] of WATCHED) {
      const [from, to] = [show(get(prev)), show(get(e))];
      if (from !== to) changed.push({ entity: e, field, from, to });
    }
  }
  return { added, removed, changed, moved };
}

/** One line for a commit message or a summary: "3 containers added on nas, pihole image 2024.07 → 2025.02". */
export function summarize(change: LabChange): string {
  const parts: string[] = [];
  const group = (list: Entity[], verb: string) => {
    const byKind = new Map<string, Entity[]>();
    for (const e of list) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
    for (const [kind, es] of byKind) {
      const hosts = [...new Set(es.map((e) => hostPart(e.id)).filter(Boolean))];
      parts.push(`${es.length} ${kind}${es.length === 1 ? '' : 's'} ${verb}${hosts.length === 1 ? ` on ${hosts[0]}` : ''}`);
    }
  };
  group(change.added, 'added');
  group(change.removed, 'removed');
  for (const m of change.moved) parts.push(`${m.entity.name} moved ${m.from} → ${m.to}`);
  for (const c of change.changed) parts.push(`${c.entity.name} ${c.field} ${c.field === 'image' ? shortImages(c.from, c.to) : `${c.from} → ${c.to}`}`);
  return parts.join(', ') || NO_CHANGE;
}

export const NO_CHANGE = 'no change in the lab';

/** `pihole/pihole:2024.07` → `pihole/pihole:2025.02` reads as `2024.07 → 2025.02`: the repository is the same. */
function shortImages(from: string, to: string): string {
  const split = (ref: string) => /^(.*?)(?::([^:/@]+))?(@.*)?$/.exec(ref)!;
  const [, repoA, tagA] = split(from);
  const [, repoB, tagB] = split(to);
  return repoA === repoB && tagA && tagB ? `${tagA} → ${tagB}` : `${from} → ${to}`;
}

export function isEmptyChange(change: LabChange): boolean {
  return !change.added.length && !change.removed.length && !change.changed.length && !change.moved.length;
}

/**
 * A commit subject: `summarize`, cut at whole parts to fit `max` characters, with "and N more"
 * for the rest (the body carries every change).
 */
export function commitSubject(change: LabChange, prefix = 'lab: ', max = 72): string {
  const full = summarize(change);
  if (prefix.length + full.length <= max) return prefix + full;
  const parts = full.split(', ');
  for (let keep = parts.length - 1; keep > 0; keep--) {
    const line = `${prefix}${parts.slice(0, keep).join(', ')} and ${parts.length - keep} more`;
    if (line.length <= max) return line;
  }
  return `${prefix}${parts.length} changes, see the body`;
}

/** Every change as Markdown bullet lists under short headings: commit bodies, step summaries, the CLI. */
export function changeMarkdown(change: LabChange): string {
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const sections: [string, string[]][] = [
    ['Added', change.added.map((e) => `- ${e.kind} ${code(e.id)}${e.sources.length ? ` (seen by ${e.sources.join(', ')})` : ''}`)],
    ['Removed', change.removed.map((e) => `- ${e.kind} ${code(e.id)}`)],
    ['Moved', change.moved.map((m) => `- ${m.entity.kind} ${escapeMd(m.entity.name)}: ${m.from} → ${m.to} (${code(m.entity.id)})`)],
    ['Changed', change.changed.map((c) => `- ${escapeMd(c.entity.name)} ${c.field}: ${code(c.from)} → ${code(c.to)} (${code(c.entity.id)})`)],
  ];
  return sections.filter(([, lines]) => lines.length).map(([title, lines]) => `### ${title}\n\n${lines.join('\n')}\n`).join('\n');
}

/** Markdown's own characters in a name are shown as they are. */
const escapeMd = (s: string) => s.replace(/([\\`*_[\]<>|])/g, '\\$1');
