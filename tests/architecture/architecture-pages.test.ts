import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeBrowser } from '../helpers/browser.ts';
import { STATUS_STYLE } from '../../src/lib/architecture/diagrams/mermaid-text.ts';

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const STATUS_FILLS = Object.values(STATUS_STYLE).map((s) => rgb(s.fill));

describeBrowser('architecture pages', (site) => {
  /** Fills of the visible (light) diagram's nodes, as the browser computes them. */
  const nodeFills = async (page: import('playwright-core').Page) =>
    page.$$eval('.diagram svg g.node', (nodes) => nodes.map((n) => getComputedStyle(n.querySelector('rect, path, polygon')!).fill));

  it('the overview shows a pre-rendered SVG diagram whose nodes carry status colours, a legend and its source', async () => {
    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/architecture/`);
    await expect.poll(() => page.locator('#overview .diagram svg').count()).toBe(1);
    const fills = await nodeFills(page);
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => STATUS_FILLS.includes(f))).toBe(true);
    await expect.poll(() => page.locator('#overview .arch-legend li').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('#overview details.diagram-source pre').textContent()).toMatch(/^flowchart/);
    expect(errors).toEqual([]);
  });

  it('clicking a host in the overview opens that host’s page', async () => {
    const { page } = await site().newPage();
    await page.goto(`${site().url}/architecture/`);
    const link = page.locator('.diagram a.diagram-node-link[href^="/architecture/host/"]').first();
    const href = await link.getAttribute('href');
    await link.locator('g.node').click();
    await page.waitForURL(`**${href}`);
    expect(await page.locator('h1').textContent()).toMatch(/\(host\)$/);
  });

  it('a host page shows its blast radius as an SVG with status colours; clicking a node opens that entity', async () => {
    // The host with the largest blast radius beyond itself (a star of what runs on it gets no
    // picture), found from the built site rather than assumed.
    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/architecture/`);
    const hosts = await page.$$eval('#hosts + div tbody tr a', (as) => as.map((a) => a.getAttribute('href')!));
    const sizes = hosts.map((h) => {
      const html = readFileSync(path.join(site().dist, h, 'index.html'), 'utf8');
      return { h, rows: (html.match(/<tr>/g) ?? []).length, spreads: html.includes('through a dependency</td>') };
    });
    expect(sizes.some((s) => !s.spreads), 'the example lab has hosts whose blast radius stays on them').toBe(true);
    const busiest = sizes.filter((s) => s.spreads).sort((a, b) => b.rows - a.rows)[0]!.h;
    const contained = sizes.find((s) => !s.spreads)!.h;
    await page.goto(`${site().url}${contained}`);
    expect(await page.locator('#blast-radius-diagram .diagram').count()).toBe(0);
    await expect.poll(() => page.locator('#blast-radius-diagram').textContent()).toContain('No picture: everything here connects straight to this one');
    await page.goto(`${site().url}${busiest}`);
    await expect.poll(() => page.locator('#blast-radius-diagram .diagram svg').count()).toBe(1);
    const fills = await nodeFills(page);
    expect(fills.length).toBeGreaterThan(1);
    expect(fills.every((f) => STATUS_FILLS.includes(f))).toBe(true);
    const link = page.locator('#blast-radius-diagram .diagram a.diagram-node-link').nth(1);
    const href = (await link.getAttribute('href'))!;
    expect(href).not.toBe(busiest);
    await link.locator('g.node').click();
    await page.waitForURL(`**${href}`);
    expect(await page.locator('h1').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('the findings page and the home page report the findings', async () => {
    const { page } = await site().newPage();
    await page.goto(`${site().url}/architecture/findings/`);
    for (const id of ['spof', 'hope', 'untested', 'unmonitored', 'drift', 'coverage']) expect(await page.locator(`#${id}`).count()).toBe(1);
    expect(await page.locator('#spof + div table tbody tr').count()).toBeGreaterThan(0);
    await page.goto(`${site().url}/`);
    expect(await page.locator('#findings + p + ul li').count()).toBe(5);
  });
});
