import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { mapLimit } from '../lib/bounded-concurrency.ts';
import { collectGarbage } from '../lib/page-data.ts';
import { clientScriptTag, writeClientAssets } from './client-assets.ts';
import { DiagramCache, svgId } from './diagram-cache.ts';
import { diagramErrorFigure, diagramFigure, diagramLabel, findPlaceholders, PLACEHOLDER_MARKER, replacePlaceholders } from './diagram-markup.ts';
import { findChromium } from './find-chromium.ts';
import { injectIntoHead, listHtmlFiles } from './html-files.ts';
import { resolveDiagrams, type Outcome } from './resolve-diagrams.ts';

export interface RenderDiagramsOptions {
  /** Built site, e.g. fileURLToPath(dir) from astro:build:done. */
  dir: string;
  /** Where rendered SVGs are kept between builds. */
  cacheDir: string;
  /** Chromium executable; omitted = findChromium(); null = never launch a browser (client rendering, cache unused). */
  chromium?: string | null;
  log?: (msg: string) => void;
  /** Site base path for the client script URL (Astro's `base`). Default '/'. */
  base?: string;
  /** Files read or written at once. Default 16. */
  concurrency?: number;
  /** Chromium pages rendering diagrams at once. Default: one per core, at most 4 (env SCARBOOK_DIAGRAM_WORKERS). */
  workers?: number;
  /**
   * The pages that may hold placeholders (paths inside `dir`, with `/`); default every `.html` file
   * under `dir`. The build leaves out those it knows hold none (finished-pages.ts).
   */
  pages?: readonly string[];
}

/**
 * Counts of distinct diagrams (one source used on five pages is one diagram):
 * rendered + cached === diagrams when every diagram was pre-rendered; the rest
 * were left to the client. `errors` is the subset that has a syntax error.
 */
export interface RenderStats {
  /** Pages containing at least one diagram (the only files rewritten). */
  files: number;
  diagrams: number;
  rendered: number;
  cached: number;
  errors: number;
  /** 'svg': all pre-rendered; 'client': some pages load the browser renderer; 'none': no diagrams. */
  mode: 'svg' | 'client' | 'none';
  /** The pages that load the browser renderer (paths inside `dir`, with `/`). */
  clientPages: string[];
}

/**
 * Run after the build: replace every mermaid placeholder in `dir` with
 * a pre-rendered SVG (dark mode is a CSS filter on it), or an error figure for a diagram mermaid
 * rejects. Without a usable Chromium the placeholders stay and the pages that
 * have them load /_scarbook/mermaid-client.js, which renders them in the browser.
 */
export async function renderDiagrams(options: RenderDiagramsOptions): Promise<RenderStats> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 16;

  // Pass 1 keeps only sources, not page contents, so memory stays flat for big sites.
  // listHtmlFiles gives `dir` joined with each path inside it.
  const prefix = join(options.dir, sep);
  const inside = (file: string) => file.slice(prefix.length).split(sep).join('/');
  const files = options.pages ? options.pages.map((page) => join(options.dir, ...page.split('/'))) : await listHtmlFiles(options.dir);
  // Bytes first: most pages have no diagram, and decoding them all as text was a third of the scan.
  const marker = Buffer.from(PLACEHOLDER_MARKER);
  const scanned = await mapLimit(files, concurrency, async (file) => {
    const bytes = await readFile(file);
    return { file, sources: bytes.includes(marker) ? findPlaceholders(bytes.toString('utf8')) : [] };
  });
  const pages = scanned.filter((page) => page.sources.length > 0);
  const sources = [...new Set(pages.flatMap((page) => page.sources))];
  if (sources.length === 0) {
    return { files: 0, diagrams: 0, rendered: 0, cached: 0, errors: 0, mode: 'none', clientPages: [] };
  }

  // The scan read every page: collect that garbage before Chromium starts beside this process.
  collectGarbage();
  const chromium = resolveChromium(options.chromium);
  const { outcomes, rendered, cached } = chromium
    ? await resolveDiagrams(sources, new DiagramCache(options.cacheDir), chromium, log, concurrency, options.workers)
    : { outcomes: new Map<string, Outcome>(), rendered: 0, cached: 0 };

  // Pass 2: rewrite only the pages that have diagrams.
  const scriptTag = clientScriptTag(options.base ?? '/');
  const needsClient = await mapLimit(pages, concurrency, async ({ file }) => {
    const original = await readFile(file, 'utf8');
    const seen = new Map<string, number>();
    const replaced = replacePlaceholders(original, (source) => {
      const outcome = outcomes.get(source);
      if (!outcome) return undefined;
      if (outcome.kind === 'error') return diagramErrorFigure(source, outcome.message);
      const occurrence = (seen.get(source) ?? 0) + 1;
      seen.set(source, occurrence);
      const svg = occurrence === 1 ? outcome.svg : withUniqueIds(source, outcome.svg, occurrence);
      return diagramFigure(source, svg, diagramLabel(svg));
    });
    const html = replaced.kept > 0 ? injectIntoHead(replaced.html, scriptTag) : replaced.html;
    if (html !== original) await writeFile(file, html, 'utf8');
    return replaced.kept > 0;
  });

  const clientPages = pages.filter((_, i) => needsClient[i]).map((page) => inside(page.file));
  if (clientPages.length > 0) await writeClientAssets(options.dir);

  const errors = [...outcomes.values()].filter((outcome) => outcome.kind === 'error').length;
  const mode = clientPages.length > 0 ? 'client' : 'svg';
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `${sources.length} diagram(s) on ${pages.length} page(s): ${rendered} rendered, ${cached} from cache, ` +
      `${errors} with errors${clientPages.length > 0 ? `, ${clientPages.length} page(s) render in the browser` : ''} (${seconds} s)`,
  );
  for (const source of sources) {
    const outcome = outcomes.get(source);
    if (outcome?.kind !== 'error') continue;
    const where = pages.filter((page) => page.sources.includes(source)).map((page) => relative(options.dir, page.file));
    const message = outcome.message.replaceAll('\n', '\n    ');
    log(`Mermaid syntax error in ${where.join(', ')} (the page shows an error box; fix the diagram source):\n    ${message}`);
  }
  return { files: pages.length, diagrams: sources.length, rendered, cached, errors, mode, clientPages };
}

function resolveChromium(option: string | null | undefined): string | null {
  if (option === null) return null;
  if (option === undefined) return findChromium();
  if (!existsSync(option)) {
    throw new Error(
      `renderDiagrams: chromium "${option}" does not exist. Pass a Chromium executable, null for client-side rendering, or leave it out to search PATH.`,
    );
  }
  return option;
}

// The same diagram twice on one page: ids (and the style rules scoped by them)
// must not collide, so later copies get a suffix. The id is a hash, so a plain
// replace cannot hit anything else.
function withUniqueIds(source: string, svg: string, occurrence: number): string {
  const id = svgId(source);
  return svg.replaceAll(id, `${id}-${occurrence}`);
}
