import { linkSvgNodes, nodeLinks } from './node-links.ts';

// The HTML contract between page generation (remark plugin, Astro components)
// and the post-build renderer. Everything that writes or reads diagram markup
// goes through this file so the two sides cannot drift apart.

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/**
 * Single-pass decoding, so `&amp;lt;` stays `&lt;`. Covers what HTML serializers
 * (ours, Astro's, hast-util-to-html) emit inside a <pre>; unknown named entities
 * are left alone rather than guessed.
 */
export function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/** The placeholder every generator must emit for one diagram. */
export function mermaidPlaceholder(source: string): string {
  return `<pre class="mermaid" data-diagram-source>${escapeHtml(source)}</pre>`;
}

/** Cheap test before running the placeholder regex over a whole page. */
export const PLACEHOLDER_MARKER = 'data-diagram-source';

// Lenient on purpose: Astro may add scoped-style attributes (data-astro-cid-*),
// reorder nothing but still serialise `data-diagram-source` as `=""` or `="true"`.
const PRE_RE = /<pre\b([^>]*)>([\s\S]*?)<\/pre>/gi;
const IS_PLACEHOLDER_ATTRS = (attrs: string): boolean =>
  /\sdata-diagram-source(?=[\s=>]|$)/i.test(attrs) &&
  /\sclass\s*=\s*(?:"[^"]*\bmermaid\b[^"]*"|'[^']*\bmermaid\b[^']*'|mermaid\b)/i.test(attrs);

/** Same source text, whatever line endings or surrounding blank lines a generator used. */
export function normalizeSource(source: string): string {
  return source.replace(/\r\n?/g, '\n').trim();
}

/** Every diagram source in a page, in document order (normalized). */
export function findPlaceholders(html: string): string[] {
  if (!html.includes(PLACEHOLDER_MARKER)) return [];
  const sources: string[] = [];
  for (const match of html.matchAll(PRE_RE)) {
    if (IS_PLACEHOLDER_ATTRS(match[1] ?? '')) sources.push(normalizeSource(decodeHtml(match[2] ?? '')));
  }
  return sources;
}

/**
 * Replace each placeholder with what `replace` returns; `undefined` keeps the
 * placeholder (for the client-side fallback). Returns the new html and how many
 * placeholders were kept.
 */
export function replacePlaceholders(
  html: string,
  replace: (source: string) => string | undefined,
): { html: string; kept: number } {
  let kept = 0;
  const out = html.replace(PRE_RE, (whole, attrs: string, body: string) => {
    if (!IS_PLACEHOLDER_ATTRS(attrs)) return whole;
    const replacement = replace(normalizeSource(decodeHtml(body)));
    if (replacement === undefined) kept += 1;
    return replacement ?? whole;
  });
  return { html: out, kept };
}

/**
 * The rendered diagram. The <details> sits beside the figure, not inside it:
 * role="img" makes its children presentational, and a focusable <summary> in
 * there is an axe `nested-interactive` (serious) violation.
 */
export function diagramFigure(source: string, svg: string, label: string): string {
  // `%% link` comments make nodes links (node-links.ts); a figure with links is a group, not an
  // image, since role="img" must not contain anything focusable.
  const linked = linkSvgNodes(svg, nodeLinks(source));
  const role = linked.includes('class="diagram-node-link"') ? 'group' : 'img';
  return (
    `<div class="diagram-block">` +
    `<figure class="diagram" role="${role}" aria-label="${escapeHtml(label)}">${linked}</figure>` +
    // Search indexes the labels once, from the SVG: the source would only repeat them.
    `<details class="diagram-source" data-pagefind-ignore><summary>Diagram source</summary><pre>${escapeHtml(source)}</pre></details>` +
    `</div>`
  );
}

export function diagramErrorFigure(source: string, message: string): string {
  return (
    `<figure class="diagram diagram-error" role="note">` +
    `<p><strong>This diagram has an error:</strong> ${escapeHtml(message)}</p>` +
    `<pre>${escapeHtml(source)}</pre>` +
    `</figure>`
  );
}

/**
 * Accessible name for a rendered diagram: the author's `accTitle`/`accDescr`
 * when present (mermaid emits them as <title>/<desc>), else the diagram type.
 */
export function diagramLabel(svg: string): string {
  const text = (tag: string): string | undefined => {
    const found = new RegExp(`<${tag}\\b[^>]*>([^<]+)</${tag}>`).exec(svg)?.[1];
    return found === undefined ? undefined : decodeHtml(found).trim() || undefined;
  };
  const authored = text('title') ?? text('desc');
  if (authored) return authored;
  const kind = /aria-roledescription="([^"]+)"/.exec(svg)?.[1]?.replace(/-v\d+$/, '').replaceAll('-', ' ');
  if (!kind) return 'Diagram';
  const named = /(diagram|chart|graph)$/i.test(kind) ? kind : `${kind} diagram`;
  return named.charAt(0).toUpperCase() + named.slice(1);
}
