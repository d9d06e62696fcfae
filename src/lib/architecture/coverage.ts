import { isProduction, SERVICE_KINDS } from './arch-graph.ts';
import type { DataStore } from './data-protection.ts';
import type { LabFacts } from './lab-facts.ts';
import { placementOf } from './placement.ts';

/** The four things a production service should have. `backup` is null when it keeps no data. */
export interface ServiceCoverage {
  id: string;
  site: string;
  runbook: boolean;
  drill: boolean;
  monitored: boolean;
  backup: boolean | null;
}

export interface CoverageScore {
  /** Site id; 'lab' for the whole lab; '' for hosts placed in no site. */
  scope: string;
  services: number;
  /** Shares 0..1 of the services that have each; `backup` over services that keep data. */
  runbook: number;
  drill: number;
  monitored: number;
  backup: number | null;
  /** Mean of the shares that apply, 0..1; null when the scope has no production service. */
  score: number | null;
}

/** Each production service against the four criteria: runbook, drill survived in time, monitoring, restore-tested backup. */
export function serviceCoverage(facts: LabFacts, stores: readonly DataStore[]): ServiceCoverage[] {
  const protection = new Map(stores.map((s) => [s.store.id, s.protection]));
  return facts.graph.entities
    .filter((e) => isProduction(e) && SERVICE_KINDS.has(e.kind))
    .map((e) => {
      const data = e.out.filter((x) => x.type === 'stores-on' && protection.has(x.to)).map((x) => protection.get(x.to));
      return {
        id: e.id,
        site: placementOf(facts.graph, e.id).site,
        runbook: facts.documentsNaming(e.id).some((d) => d.section === 'runbooks'),
        drill: facts.survival(e.id) === 'survived',
        monitored: e.out.some((x) => x.type === 'monitored-by'),
        backup: data.length === 0 ? null : data.every((p) => p === 'restore-tested'),
      };
    });
}

/** The score of a set of services; empty → score null (nothing to cover is not 100 %). */
export function coverageScore(scope: string, services: readonly ServiceCoverage[]): CoverageScore {
  const share = (pick: (s: ServiceCoverage) => boolean | null) => {
    const applicable = services.filter((s) => pick(s) !== null);
    return applicable.length ? applicable.filter((s) => pick(s)).length / applicable.length : null;
  };
  const parts = { runbook: share((s) => s.runbook), drill: share((s) => s.drill), monitored: share((s) => s.monitored), backup: share((s) => s.backup) };
  const applicable = Object.values(parts).filter((v): v is number => v !== null);
  return {
    scope,
    services: services.length,
    runbook: parts.runbook ?? 0,
    drill: parts.drill ?? 0,
    monitored: parts.monitored ?? 0,
    backup: parts.backup,
    score: services.length ? applicable.reduce((a, b) => a + b, 0) / applicable.length : null,
  };
}

/** The whole lab's score and one per site (hosts placed nowhere form the '' scope). */
export function coverageBySite(services: readonly ServiceCoverage[]): { lab: CoverageScore; sites: CoverageScore[] } {
  const bySite = new Map<string, ServiceCoverage[]>();
  for (const s of services) {
    const list = bySite.get(s.site);
    if (list) list.push(s);
    else bySite.set(s.site, [s]);
  }
  const sites = [...bySite.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))).map(([site, list]) => coverageScore(site, list));
  return { lab: coverageScore('lab', services), sites };
}
