/**
 * Which drills a document names as its evidence: a decision's MADR "Confirmation" section, a
 * runbook section that says a drill exercises it. Pure text work, so it is tested without a build.
 */

export interface KnownDrill {
  id: string;
  title: string;
}

export interface SectionRef {
  drill: string;
  /** The heading of the section that names the drill, when there is one. */
  heading: string | null;
}

/** `../drills/kill-pihole.md#why`, `/drills/kill-pihole/` → `kill-pihole`. */
export function drillIdFromLink(target: string): string | null {
  const m = target.match(/(?:^|\/)drills\/([^#?]+?)(?:\.mdx?)?\/?(?:[#?].*)?$/);
  return m ? decodeURIComponent(m[1]!) : null;
}

interface Block {
  heading: string | null;
  level: number;
  lines: string[];
}

/** The body cut at its headings, fenced code left out (a `# comment` in a shell block is not a heading). */
function blocks(body: string): Block[] {
  const out: Block[] = [{ heading: null, level: 0, lines: [] }];
  let fence: string | null = null;
  for (const line of body.split('\n')) {
    const f = line.match(/^\s*(```+|~~~+)/);
    if (f) {
      fence = fence === null ? f[1]! : line.trim().startsWith(fence) ? null : fence;
      continue;
    }
    // Code is an example, not a claim: it names no evidence.
    if (fence !== null) continue;
    const h = line.match(/^(#{1,6})\s+(.+?)\s*#*\s*$/);
    if (h) out.push({ heading: h[2]!, level: h[1]!.length, lines: [] });
    else out.at(-1)!.lines.push(line);
  }
  return out;
}

/** Drills a piece of text names: links to drill files or pages, `id` in code, or a drill's exact title. */
export function drillsNamedIn(text: string, known: readonly KnownDrill[]): string[] {
  const found = new Set<string>();
  const ids = new Set(known.map((d) => d.id));
  for (const m of text.matchAll(/\]\(([^)\s]+)[^)]*\)/g)) {
    const id = drillIdFromLink(m[1]!);
    if (id) found.add(id);
  }
  for (const m of text.matchAll(/`([^`]+)`/g)) if (ids.has(m[1]!)) found.add(m[1]!);
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  for (const d of known) if (d.title.length > 8 && lower.includes(d.title.toLowerCase())) found.add(d.id);
  return [...found].sort();
}

/** MADR 4: the drills a decision's "Confirmation" section (and its sub-sections) names. */
export function confirmationDrills(body: string, known: readonly KnownDrill[]): string[] {
  const all = blocks(body);
  const found = new Set<string>();
  for (let i = 0; i < all.length; i++) {
    if (!/^confirmation$/i.test(all[i]!.heading?.trim() ?? '')) continue;
    const level = all[i]!.level;
    const text = [all[i]!.lines.join('\n')];
    for (let k = i + 1; k < all.length && all[k]!.level > level; k++) text.push(all[k]!.heading ?? '', all[k]!.lines.join('\n'));
    for (const id of drillsNamedIn(text.join('\n'), known)) found.add(id);
  }
  return [...found].sort();
}

/**
 * Runbook sections that say a drill exercises them ("Exercised by the [Pi-hole drill](…)"):
 * only lines that say so count, so an ordinary link to a drill does not claim evidence.
 */
export function exercisingSections(body: string, known: readonly KnownDrill[]): SectionRef[] {
  const out: SectionRef[] = [];
  for (const block of blocks(body)) {
    const claims = block.lines.filter((l) => /\bexercis(e|es|ed)\b/i.test(l)).join('\n');
    for (const drill of drillsNamedIn(claims, known)) out.push({ drill, heading: block.heading });
  }
  return out;
}
