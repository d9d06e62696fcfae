import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startProcess, tempDir, waitFor, type ServerProcess } from './server-process.ts';

/**
 * A real Prometheus (and node exporter) for collector tests, listening on 127.0.0.1 only
 * (Prometheus' default is every interface), with its TSDB in a temp dir.
 */

export interface ScrapeJob {
  job: string;
  targets: string[];
  labels?: Record<string, string>;
  /** Sent to the target as an Authorization header; must never show up in what we collect. */
  basicAuth?: { username: string; password: string };
}

export interface LocalPrometheus {
  url: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

/** YAML is a superset of JSON: writing the config as JSON needs no YAML library. */
function configFile(jobs: ScrapeJob[]): string {
  return JSON.stringify({
    // 1 s so a test sees every target scraped within seconds; the timeout must not exceed it.
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1m' },
    scrape_configs: jobs.map((j) => ({
      job_name: j.job,
      ...(j.basicAuth ? { basic_auth: j.basicAuth } : {}),
      static_configs: [{ targets: j.targets, ...(j.labels ? { labels: j.labels } : {}) }],
    })),
  }, null, 2);
}

export async function startPrometheus(binary: string, jobs: ScrapeJob[]): Promise<LocalPrometheus> {
  const tmp = tempDir('prometheus');
  const port = await freePort();
  const configPath = path.join(tmp.dir, 'prometheus.yml');
  writeFileSync(configPath, configFile(jobs));
  const proc = startProcess(binary, [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${path.join(tmp.dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { cwd: tmp.dir });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await proc.stop();
    tmp.remove();
  };
  try {
    await waitFor(`Prometheus on ${url}`, async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), 60_000, proc);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n${proc.output()}`);
  }
  return { url, process: proc, stop };
}

/** Polls the targets API until every active target has been scraped at least once. */
export async function waitForScrapes(url: string, count: number): Promise<void> {
  await waitFor(`${count} targets scraped by ${url}`, async () => {
    const body = (await (await fetch(`${url}/api/v1/targets?state=active`)).json()) as {
      data: { activeTargets: { health: string; lastScrape: string }[] };
    };
    const done = body.data.activeTargets.filter((t) => t.health !== 'unknown' && !t.lastScrape.startsWith('0001-'));
    return done.length >= count ? true : undefined;
  }, 60_000);
}

export async function startNodeExporter(binary: string): Promise<{ address: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  // Only one cheap collector: the test needs a live target, not host metrics.
  const proc = startProcess(binary, [`--web.listen-address=${address}`, '--collector.disable-defaults', '--collector.time']);
  try {
    await waitFor(`node exporter on ${address}`, async () => ((await fetch(`http://${address}/metrics`)).ok ? true : undefined), 30_000, proc);
  } catch (error) {
    await proc.stop();
    throw new Error(`${String(error)}\n${proc.output()}`);
  }
  return { address, stop: () => proc.stop() };
}
