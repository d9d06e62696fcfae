import { z } from 'astro/zod';
import type { Collector, FetchContext, RawOutput } from '../collector.ts';
import { redactValue, stripUrlCredentials } from '../redact.ts';
import { PrometheusConfigSchema } from './prometheus.ts';
import { parseNodeExporter } from './node-exporter/parse.ts';
import { authHeaders, instantQuery, METRICS, queries, rawFile, safeJson } from './node-exporter/query.ts';

/**
 * Hosts as node exporter sees them, read through Prometheus: kernel, OS, memory and disks of
 * every machine Prometheus scrapes, from five instant queries for the whole fleet.
 */
export const NodeExporterConfigSchema = PrometheusConfigSchema.extend({
  type: z.literal('node-exporter'),
  /**
   * Only this scrape job (`node`). Recommended: without it, a job whose targets are ALL down sent
   * no node_* series and cannot be told apart from Prometheus' other jobs, so its hosts are missed.
   */
  job: z.string().min(1).optional(),
});
export type NodeExporterConfig = z.infer<typeof NodeExporterConfigSchema>;

async function fetchNodeExporter(config: NodeExporterConfig, ctx: FetchContext): Promise<RawOutput> {
  const headers = authHeaders(config, ctx);
  const byMetric = queries(config.job);
  // In parallel; settled first so that, when several fail, the error is always the first metric's.
  const answers = await Promise.allSettled(METRICS.map((m) => instantQuery(config, ctx, byMetric[m], headers)));
  const failed = answers.find((a) => a.status === 'rejected');
  if (failed) throw failed.reason;
  return Object.fromEntries(METRICS.map((m, i) => [rawFile(m), (answers[i] as PromiseFulfilledResult<string>).value]));
}

/** Labels parse reads: kept (URLs without credentials). Any other label is a target label: redacted if secret. */
const READ = new Set([
  '__name__', 'instance', 'job', 'nodename', 'release', 'machine', 'sysname', 'version', 'domainname',
  'id', 'id_like', 'name', 'pretty_name', 'version_id', 'version_codename', 'device', 'fstype', 'mountpoint',
]);

/** Removes secrets from the recorded answers (target labels like `api_token="…"`, URLs with user:pass). */
export function sanitizeNodeExporter(raw: RawOutput): RawOutput {
  const out: RawOutput = { ...raw };
  for (const metric of METRICS) {
    const text = raw[rawFile(metric)];
    const doc = text === undefined ? undefined : (safeJson(text) as { data?: { result?: { metric?: Record<string, string> }[] } } | undefined);
    if (!Array.isArray(doc?.data?.result)) continue;
    for (const series of doc.data.result) {
      if (!series.metric) continue;
      series.metric = Object.fromEntries(Object.entries(series.metric)
        .map(([k, v]) => [k, READ.has(k) ? stripUrlCredentials(String(v)) : redactValue(k, String(v))]));
    }
    out[rawFile(metric)] = `${JSON.stringify(doc, null, 2)}\n`;
  }
  return out;
}

export const nodeExporterCollector: Collector<NodeExporterConfig> = {
  type: 'node-exporter',
  configSchema: NodeExporterConfigSchema,
  fetch: fetchNodeExporter,
  parse: parseNodeExporter,
  sanitize: sanitizeNodeExporter,
};
