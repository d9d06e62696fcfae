import { BUILD_NOW } from '../build-clock.ts';
import type { Journal } from '../../schemas/drill-journal.ts';
import { getDrills, pageByFilePath, siteConfig, type AnyPage, type DecisionPage, type DrillPage, type RunbookPage } from '../content.ts';
import { getLab, namedEntities } from '../lab-content.ts';
import { confirmationDrills, exercisingSections, type KnownDrill } from './drill-refs.ts';
import { buildEvidence, lastObserved, lastProven, type Evidence, type Observation, type Proof } from './evidence.ts';
import { readJournals } from './read-journals.ts';
import type { DrillStatus } from './survival.ts';


export interface DrillSite {
  evidence: Evidence;
  drills: DrillPage[];
  byId: Map<string, DrillPage>;
  journals: (Journal & { file: string })[];
  known: KnownDrill[];
}

let cache: Promise<DrillSite> | undefined;
/** Drills, their journals and what they prove, loaded once per build. The pages' only door to journals. */
export function getDrillSite(): Promise<DrillSite> {
  return (cache ??= getDrills().then((drills) => {
    const journals = readJournals(siteConfig.contentPath, siteConfig.root);
    const refs = drills.map((d) => ({ id: d.id, targets: d.entry.data.targets, maxAge: d.entry.data.max_age }));
    return {
      evidence: buildEvidence(refs, journals, BUILD_NOW),
      drills,
      byId: new Map(drills.map((d) => [d.id, d])),
      journals,
      known: drills.map((d) => ({ id: d.id, title: d.title })),
    };
  }));
}

/** A drill a document names as evidence, resolved: its page and status, or missing (a typo in front matter). */
export interface DrillClaim {
  drill: string;
  page: DrillPage | null;
  status: DrillStatus | null;
  /** Where the document says so: front matter, or the heading of the section that does. */
  via: 'front matter' | 'section';
  heading: string | null;
}

function resolve(site: DrillSite, refs: { drill: string; via: DrillClaim['via']; heading: string | null }[]): DrillClaim[] {
  const seen = new Set<string>();
  return refs
    .filter((r) => !seen.has(`${r.drill}\u0000${r.heading}`) && seen.add(`${r.drill}\u0000${r.heading}`))
    .map((r) => ({ ...r, page: site.byId.get(r.drill) ?? null, status: site.evidence.status.get(r.drill) ?? null }));
}

const byRunbook = new WeakMap<RunbookPage, Promise<DrillClaim[]>>();
/** Drills that exercise a runbook: `exercised_by`, then sections that say "exercised by". */
export function runbookDrills(page: RunbookPage): Promise<DrillClaim[]> {
  // Asked twice per runbook page (its drills, its footer's evidence): its body is read once.
  let claims = byRunbook.get(page);
  if (!claims) byRunbook.set(page, (claims = findRunbookDrills(page)));
  return claims;
}

async function findRunbookDrills(page: RunbookPage): Promise<DrillClaim[]> {
  const site = await getDrillSite();
  const front = page.entry.data.exercised_by.map((drill) => ({ drill, via: 'front matter' as const, heading: null }));
  const sections = exercisingSections(page.entry.body ?? '', site.known).map((s) => ({ ...s, via: 'section' as const }));
  return resolve(site, [...front, ...sections]);
}

/** Drills that confirm a decision: `confirmed_by`, then the ones its MADR Confirmation section names. */
export async function decisionDrills(page: DecisionPage): Promise<DrillClaim[]> {
  const site = await getDrillSite();
  const front = page.entry.data.confirmed_by.map((drill) => ({ drill, via: 'front matter' as const, heading: null }));
  const section = confirmationDrills(page.entry.body ?? '', site.known)
    .filter((d) => !page.entry.data.confirmed_by.includes(d))
    .map((drill) => ({ drill, via: 'section' as const, heading: 'Confirmation' }));
  return resolve(site, [...front, ...section]);
}

/** The status an entity gets from the drills aimed at it (worst first), or never-tested. */
export async function entitySurvival(id: string): Promise<{ status: DrillStatus['status']; drills: DrillStatus[] }> {
  return (await getDrillSite()).evidence.byEntity.get(id) ?? { status: 'never-tested', drills: [] };
}

async function relatedDrills(page: AnyPage, site: DrillSite): Promise<string[]> {
  const named = new Set(namedEntities(page));
  const aimed = site.drills.filter((d) => d.entry.data.targets.some((t) => named.has(t))).map((d) => d.id);
  if (page.section === 'drills') return [page.id];
  if (page.section === 'runbooks') return [...(await runbookDrills(page as RunbookPage)).map((c) => c.drill), ...aimed];
  if (page.section === 'decisions') return [...(await decisionDrills(page as DecisionPage)).map((c) => c.drill), ...aimed];
  return aimed;
}

export interface PageEvidence {
  observed: { oldest: Observation | null; unseen: string[]; named: number };
  proven: (Proof & { page: DrillPage | null }) | null;
  /** Whether any drill is related at all (else "no drill covers this page"). */
  drills: number;
  /** The build's "now", for ages. */
  now: Date;
}

/** For the page footer: last observed in the lab, last proven by a drill (Git's "last edited" is apart). */
export async function pageEvidence(filePath: string): Promise<PageEvidence | null> {
  const page = (await pageByFilePath()).get(filePath);
  if (!page) return null;
  const [site, lab] = await Promise.all([getDrillSite(), getLab()]);
  const named = [...new Set(namedEntities(page))];
  const drills = [...new Set(await relatedDrills(page, site))];
  const proof = lastProven(drills, site.journals);
  return {
    observed: { ...lastObserved(named, lab.byId, lab.sources), named: named.length },
    proven: proof ? { ...proof, page: site.byId.get(proof.drill) ?? null } : null,
    drills: drills.length,
    now: site.evidence.now,
  };
}
