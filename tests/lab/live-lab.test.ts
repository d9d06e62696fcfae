import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../../src/lib/files-under.ts';
import { standUpExampleLab, type ExampleLab } from '../../scripts/lab/example/stand-up.ts';
import { pullLab } from '../../scripts/lab/pull.ts';
import { buildSite, ROOT, type BuiltSite } from '../helpers/build-site.ts';
import { chromiumOrSkip, launchChromium } from '../helpers/browser.ts';
import { toolOrSkip } from '../helpers/require-tool.ts';
import { serveStatic } from '../helpers/serve.ts';

/**
 * The whole pull side against real servers: the example lab stood up on this machine (private
 * dockerd, Caddy, Prometheus, restic), pulled live, the Docker daemon stopped, pulled again,
 * and the site built from the result. Canary secrets planted in the lab must appear nowhere.
 */
const tools = {
  dockerd: toolOrSkip('dockerd', 'apt-get install -y docker.io busybox-static', 'live lab'),
  caddy: toolOrSkip('caddy', 'apt-get install -y caddy', 'live lab'),
  prometheus: toolOrSkip('prometheus', 'apt-get install -y prometheus', 'live lab'),
  nodeExporter: toolOrSkip('prometheus-node-exporter', 'apt-get install -y prometheus-node-exporter', 'live lab'),
  restic: toolOrSkip('restic', 'apt-get install -y restic', 'live lab'),
  ansible: toolOrSkip('ansible', 'apt-get install -y ansible', 'live lab'),
  borg: toolOrSkip('borg', 'apt-get install -y borgbackup', 'live lab'),
};
const missing = Object.values(tools).includes('skip');

describe.skipIf(missing)('the live example lab', () => {
  let lab: ExampleLab;
  let contentPath: string;
  let site: BuiltSite;
  const results: Awaited<ReturnType<typeof pullLab>>[] = [];

  beforeAll(async () => {
    lab = await standUpExampleLab({ caddy: tools.caddy, prometheus: tools.prometheus, nodeExporter: tools.nodeExporter, restic: tools.restic, ansible: tools.ansible, borg: tools.borg });
    contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-live-'));
    for (const section of ['runbooks', 'decisions', 'drills', 'incidents', 'services']) cpSync(path.join(ROOT, 'content', section), path.join(contentPath, section), { recursive: true });
    cpSync(path.join(ROOT, 'content/lab/sources.yaml'), path.join(contentPath, 'lab/sources.yaml')); // replaced below; makes the folder
    writeFileSync(path.join(contentPath, 'lab/sources.yaml'), lab.sourcesYaml);
    const env = { ...process.env, ...lab.env };
    results.push(await pullLab({ contentPath, env }));
    results.push(await pullLab({ contentPath, env })); // nothing changed
    await lab.stopDocker();
    results.push(await pullLab({ contentPath, env }));
    site = await buildSite(contentPath, { name: 'live-lab' });
  }, 600_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('pulls every source live', () => {
    expect(results[0]).toEqual({ ok: ['nas', 'docker-nas', 'caddy', 'ansible', 'prometheus', 'node-exporter', 'restic-nas', 'borg-usb'], failed: [] });
    expect(results[1]!.failed).toEqual([]);
  });

  it('keeps the Docker snapshot when the daemon is down, marked stale with the error', () => {
    expect(results[2]!.failed.map((f) => f.source)).toEqual(['docker-nas']);
    expect(results[2]!.failed[0]!.error).toMatch(/cannot reach the Docker daemon at unix:\/\/.*Is dockerd running/s);
    const snapshot = JSON.parse(readFileSync(path.join(contentPath, 'lab/sources/docker-nas.json'), 'utf8'));
    expect(snapshot.entities.map((e: { id: string }) => e.id)).toContain('container:nas/nextcloud');
    const status = JSON.parse(readFileSync(path.join(contentPath, 'lab/pull-status.json'), 'utf8'));
    expect(status.sources.find((s: { name: string }) => s.name === 'docker-nas')).toMatchObject({ state: 'stale', lastSuccess: expect.any(String), error: expect.stringContaining('Docker daemon') });
  });

  it('lets no planted secret into a snapshot or the built site', () => {
    for (const file of [...filesUnder(path.join(contentPath, 'lab')), ...filesUnder(site.dist)]) {
      const text = readFileSync(file, 'latin1');
      for (const canary of [...lab.canaries, lab.env.SCARBOOK_EXAMPLE_RESTIC_PASSWORD!]) expect(text.includes(canary), `${canary} in ${file}`).toBe(false);
    }
  });

  describe('inventory pages in Chromium', () => {
    const executable = missing ? 'skip' : chromiumOrSkip('live lab pages');
    let browser: Browser | undefined;
    let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it.skipIf(executable === 'skip')('the host page lists what runs on it, and the stale banner says Docker is stale', async () => {
      server = await serveStatic(site.dist);
      browser = await launchChromium(executable);
      const page = await browser.newPage();
      await page.goto(`${server.url}/lab/host/nas/`);
      const runsHere = page.locator('#runs-here + .table-wrap');
      for (const name of ['nextcloud', 'pihole', 'postgres', 'vaultwarden']) await expect(runsHere.getByRole('link', { name, exact: true }).isVisible()).resolves.toBe(true);
      await expect(page.locator('.banner').textContent()).resolves.toMatch(/docker-nas.*last good pull/s);
      await expect(page.locator('#monitoring + .table-wrap').textContent()).resolves.toMatch(/monitored by/);
      // One machine, four sources: the host collector, Docker, Ansible facts and node exporter.
      // The host's own facts box comes first; its containers' sections follow with theirs.
      const facts = (await page.locator('.doc-facts').first().innerText()).replace(/\s+/g, ' ');
      expect(facts).toMatch(/Seen by ansible, docker-nas, nas, node-exporter/);
      expect(facts).toMatch(new RegExp(`Kernel ${os.release().replace(/[.+]/g, '\\$&')}`));
    });

    it.skipIf(executable === 'skip')('the container page shows image, ports, data and its backup, the route to it and its dependencies', async () => {
      const page = await browser!.newPage();
      // A container is a section of its host's page.
      await page.goto(`${server!.url}/lab/host/nas/#container-nextcloud`);
      const text = (await page.locator('section[data-entity="container:nas/nextcloud"]').innerText()).replace(/\s+/g, ' ');
      expect(text).toMatch(/Image scarbook\/busybox:test/);
      expect(text).toMatch(/80\/tcp 127\.0\.0\.1:\d+/);
      expect(text).toMatch(/\/var\/www\/html\/data bind: \S+nextcloud yes, last \d{4}-\d{2}-\d{2}/);
      expect(text).toMatch(/reached through cloud\.lab\.example/);
      expect(text).toMatch(/depends on postgres container healthy observed by docker-nas \(compose depends_on\)/);
      expect(text).toMatch(/depends on pihole .*declared only declared in \S*services\/nextcloud\.md/);
      await page.locator('section[data-entity="container:nas/nextcloud"]').getByRole('link', { name: 'postgres', exact: true }).first().click();
      await page.waitForURL(/\/lab\/host\/nas\/#container-postgres$/);
      expect((await page.locator('section[data-entity="container:nas/postgres"]').innerText()).replace(/\s+/g, ' ')).toMatch(/needed by nextcloud/);
    });
  });
});
