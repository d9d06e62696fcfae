import type { Survival } from '../drills/survival.ts';
import { isProduction, SERVICE_KINDS } from './arch-graph.ts';
import { coverageBySite, serviceCoverage, type CoverageScore, type ServiceCoverage } from './coverage.ts';
import { dataProtection, type DataStore } from './data-protection.ts';
import { documentDrift, type DriftFinding } from './doc-drift.ts';
import { labFacts, type LabFacts, type LabFactsInput } from './lab-facts.ts';
import { singlePointsOfFailure, type SinglePointOfFailure } from './spof.ts';

export interface Untested {
  id: string;
  status: Survival;
  /** Drills aimed at it (none: nobody ever planned to break it). */
  drills: string[];
}

/** The findings the lab would rather not hear, all computed from the graph, journals and documents. */
export interface Findings {
  facts: LabFacts;
  spof: SinglePointOfFailure[];
  /** Data with no backup, a backup never restore-tested, tested too long ago, or failing. */
  hope: DataStore[];
  stores: DataStore[];
  /** The same stores by entity id. */
  storeById: Map<string, DataStore>;
  /** Production services with no survived drill inside max_age. */
  untested: Untested[];
  drift: DriftFinding[];
  /** Production services no Prometheus target or probe watches. */
  unmonitored: string[];
  services: ServiceCoverage[];
  coverage: { lab: CoverageScore; sites: CoverageScore[] };
}

/** Every finding of the lab in one pass over precomputed joins. */
export function computeFindings(input: LabFactsInput): Findings {
  const facts = labFacts(input);
  const production = facts.graph.entities.filter((e) => isProduction(e) && SERVICE_KINDS.has(e.kind));
  const stores = dataProtection(facts);
  const services = serviceCoverage(facts, stores);
  return {
    facts,
    spof: singlePointsOfFailure(facts.graph),
    stores,
    storeById: new Map(stores.map((s) => [s.store.id, s])),
    hope: stores.filter((s) => s.protection !== 'restore-tested').sort((a, b) => Number(b.production) - Number(a.production) || a.store.id.localeCompare(b.store.id)),
    untested: production
      .filter((e) => facts.survival(e.id) !== 'survived')
      .map((e) => ({ id: e.id, status: facts.survival(e.id), drills: facts.drillsOf(e.id).map((d) => d.drill) })),
    drift: documentDrift(facts),
    unmonitored: production.filter((e) => !e.out.some((x) => x.type === 'monitored-by')).map((e) => e.id),
    services,
    coverage: coverageBySite(services),
  };
}

/** Counts for the home page and the findings page's summary. */
export function findingCounts(f: Findings) {
  return {
    spof: f.spof.length,
    hope: f.hope.length,
    untested: f.untested.length,
    drift: f.drift.length,
    unmonitored: f.unmonitored.length,
  };
}
