import type { RawOutput } from '../../lab/collector.ts';
import type { Random } from '../random.ts';
import type { LabPlan, PlannedSite } from './plan.ts';

const domain = (site: string) => `${site}.lab.example`;

/**
 * `/api/v1/targets?state=active` of one site's Prometheus: node exporter and cAdvisor on every
 * Docker host, node exporter on the Proxmox nodes, and the application ports that export metrics.
 */
export function prometheusRaw(plan: LabPlan, site: PlannedSite, rng: Random): RawOutput {
  const targets: unknown[] = [];
  const target = (job: string, instance: string, interval = '30s') => {
    const up = rng.chance(0.98);
    const [host = '', port = ''] = instance.split(':');
    targets.push({
      discoveredLabels: { __address__: instance, __metrics_path__: '/metrics', __scheme__: 'http', __scrape_interval__: interval, __scrape_timeout__: '10s', job },
      labels: { instance, job, site: site.slug },
      scrapePool: job, scrapeUrl: `http://${instance}/metrics`, globalUrl: `http://${instance}/metrics`,
      lastError: up ? '' : `Get "http://${instance}/metrics": dial tcp ${host}:${port}: connect: connection refused`,
      lastScrape: '2026-11-01T10:00:00.000000000Z', lastScrapeDuration: Number((rng.next() / 20).toFixed(6)), health: up ? 'up' : 'down',
      scrapeInterval: interval, scrapeTimeout: '10s',
    });
  };
  for (const h of plan.hosts.filter((x) => x.site === site.slug)) {
    const name = `${h.name}.${domain(site.slug)}`;
    target('node', `${name}:9100`);
    if (h.role !== 'docker') continue;
    target('cadvisor', `${name}:8080`);
    for (const c of h.containers) {
      if (c.spec.service === 'app' && c.project === 'web') target('shop', `${name}:8000`, '15s');
      if (c.spec.service === 'minio') target('minio', `${name}:9000`);
    }
  }
  return { 'targets.json': `${JSON.stringify({ status: 'success', data: { activeTargets: targets, droppedTargets: [] } }, null, 2)}\n` };
}
