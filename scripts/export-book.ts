/**
 * `npm run export:book [-- --out DIR] [--dist DIR] [--site-url URL] [--no-pdf]`: every production
 * runbook in one printable HTML file with a table of contents, and a PDF when Chromium is there,
 * for the binder beside the rack. Reads the built site: run `npm run build` first.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { findChromium } from '../src/mermaid/find-chromium.ts';
import { exportBook } from './export-book/export.ts';

const USAGE = 'Usage: npm run export:book -- [--out dist-book] [--dist dist] [--site-url https://scarbook.lab] [--no-pdf]';

let values: { out?: string; dist?: string; 'site-url'?: string; 'no-pdf'?: boolean };
try {
  ({ values } = parseArgs({ options: { out: { type: 'string' }, dist: { type: 'string' }, 'site-url': { type: 'string' }, 'no-pdf': { type: 'boolean' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

try {
  const config = loadSiteConfig();
  const chromium = values['no-pdf'] ? null : findChromium();
  const result = await exportBook({
    dist: path.resolve(values.dist ?? process.env.SCARBOOK_OUT_DIR ?? 'dist'),
    contentPath: config.contentPath,
    out: path.resolve(values.out ?? 'dist-book'),
    siteTitle: config.title,
    base: process.env.SCARBOOK_BASE || '/',
    siteUrl: values['site-url'] ?? '',
    chromium,
    date: new Date().toISOString().slice(0, 10),
  });
  const shown = (f: string) => path.relative(process.cwd(), f) || f;
  console.log(`${result.runbooks} production runbooks → ${shown(result.html)}`);
  if (result.pdf) console.log(`PDF → ${shown(result.pdf)}`);
  else if (!values['no-pdf']) console.log('No Chromium found: PDF skipped (apt-get install -y chromium, or set SCARBOOK_CHROMIUM to a browser). Print the HTML from any browser instead.');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
