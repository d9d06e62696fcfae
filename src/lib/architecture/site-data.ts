import { BUILD_NOW } from '../build-clock.ts';
import { getAllPages, getDrills, siteConfig } from '../content.ts';
import { readJournals } from '../drills/read-journals.ts';
import { entityPath, entityUrl, getLab, namedEntities } from '../lab-content.ts';
import { onReleasePageData } from '../page-data.ts';
import { href } from '../urls.ts';
import { archGraph } from './arch-graph.ts';
import type { ArchUrls, ViewContext } from './diagrams/context.ts';
import { computeFindings } from './findings.ts';
import { hostViewIds, serviceViewIds } from './views.ts';

let cache: Promise<ViewContext & { views: Set<string> }> | undefined;
onReleasePageData(() => {
  cache = undefined;
});

/**
 * The architecture section's data, computed once per build from the lab graph, the drill
 * definitions, their journals and the documents: the only place the section touches Astro.
 */
export function getArchitecture(): Promise<ViewContext & { views: Set<string> }> {
  return (cache ??= (async () => {
    const [{ entities, sources }, pages, drills] = await Promise.all([getLab(), getAllPages(), getDrills()]);
    const graph = archGraph({ entities, edges: entities.flatMap((e) => e.out) });
    const findings = computeFindings({
      lab: graph,
      drills: drills.map((d) => ({ id: d.id, targets: d.entry.data.targets, maxAge: d.entry.data.max_age })),
      journals: readJournals(siteConfig.contentPath, siteConfig.root),
      documents: pages.map((p) => ({ section: p.section, title: p.title, url: p.url, file: p.filePath, names: namedEntities(p) })),
      sources: sources.map((s) => ({ name: s.name, type: s.type })),
      now: BUILD_NOW,
    });
    const views = new Set([...hostViewIds(graph), ...serviceViewIds(graph)]);
    const urls: ArchUrls = {
      entity: (id) => (views.has(id) ? href(`architecture/${entityPath(id)}/`) : entityUrl(id)),
      site: (site) => (site ? href(`architecture/${entityPath(site)}/`) : href('architecture/#hosts')),
      group: (group) => href(`architecture/group/${entityPath(group)}/`),
      page: (path) => href(`architecture/${path}`),
    };
    return { findings, urls, views };
  })());
}
