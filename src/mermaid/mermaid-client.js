// @ts-check
// Browser fallback for builds without Chromium. Copied as-is to
// /_scarbook/mermaid-client.js (plain JS: it is not bundled), next to mermaid's
// ESM build. It turns each <pre class="mermaid" data-diagram-source> into the
// same markup diagram-markup.ts produces at build time, so diagram.css applies.

// Both files exist only in the built site, next to this one; URLs rather than
// static specifiers so type-checking this source file does not look for them.
const [{ default: mermaid }, { default: config }] = /**
  @type {[{ default: import('mermaid').Mermaid }, { default: import('mermaid').MermaidConfig }]}
*/ (
  await Promise.all([
    import(new URL('./mermaid/mermaid.esm.min.mjs', import.meta.url).href),
    import(new URL('./mermaid-client-config.js', import.meta.url).href),
  ])
);

/**
 * @typedef {object} Diagram
 * @property {string} source
 * @property {HTMLElement} block
 * @property {HTMLElement} figure
 * @property {number} n
 */

/**
 * @param {string} tag
 * @param {Record<string, string>} attrs
 * @param {(Node | string)[]} children
 */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** @param {SVGElement} svg */
function labelFor(svg) {
  const authored = svg.querySelector('title')?.textContent?.trim() || svg.querySelector('desc')?.textContent?.trim();
  if (authored) return authored;
  const kind = (svg.getAttribute('aria-roledescription') ?? '').replace(/-v\d+$/, '').replaceAll('-', ' ');
  if (!kind) return 'Diagram';
  const named = /(diagram|chart|graph)$/i.test(kind) ? kind : `${kind} diagram`;
  return named.charAt(0).toUpperCase() + named.slice(1);
}

/** @param {HTMLElement} pre @param {number} n @returns {Diagram} */
function mount(pre, n) {
  const source = (pre.textContent ?? '').replace(/\r\n?/g, '\n').trim();
  const figure = el('figure', { class: 'diagram', role: 'img', 'aria-label': 'Diagram' });
  const details = el('details', { class: 'diagram-source' }, [el('summary', {}, ['Diagram source']), el('pre', {}, [source])]);
  const block = el('div', { class: 'diagram-block' }, [figure, details]);
  pre.replaceWith(block);
  return { source, block, figure, n };
}

/** @param {Diagram} diagram @param {unknown} error */
function showError(diagram, error) {
  const message = error instanceof Error ? error.message : String(error);
  const strong = el('strong', {}, ['This diagram has an error:']);
  diagram.block.replaceWith(
    el('figure', { class: 'diagram diagram-error', role: 'note' }, [
      el('p', {}, [strong, ` ${message}`]),
      el('pre', {}, [diagram.source]),
    ]),
  );
}

/**
 * `%% link <node> <href>` comments (see node-links.ts, the build-time twin): each linked node
 * of the rendered SVG goes inside an <a>. @param {HTMLElement} figure @param {string} source
 */
function linkNodes(figure, source) {
  let linked = false;
  for (const [, id, href] of source.matchAll(/^%% link ([A-Za-z][\w-]*) ((?:\/|https?:\/\/)[^\s"'<>`]*)$/gm)) {
    if (!id || !href) continue;
    for (const g of figure.querySelectorAll(`g.node[id*="-flowchart-${id}-"], g.cluster[id$="-${id}"]`)) {
      const a = document.createElementNS('http://www.w3.org/2000/svg', 'a');
      a.setAttribute('href', href);
      a.setAttribute('class', 'diagram-node-link');
      a.setAttribute('tabindex', '-1');
      g.replaceWith(a);
      a.append(g);
      linked = true;
    }
  }
  return linked;
}

/** One rendering, in the light theme; dark mode is a CSS filter (diagram.css). @param {Diagram} diagram */
async function fill(diagram) {
  const id = `scarbook-mermaid-${diagram.n}`;
  try {
    const { svg } = await mermaid.render(id, diagram.source);
    diagram.figure.innerHTML = svg;
    if (linkNodes(diagram.figure, diagram.source)) diagram.figure.setAttribute('role', 'group');
    const rendered = diagram.figure.querySelector('svg');
    if (rendered) diagram.figure.setAttribute('aria-label', labelFor(rendered));
  } catch (error) {
    // mermaid leaves its scratch container (and "bomb" picture) at the end of <body>.
    document.getElementById(`d${id}`)?.remove();
    showError(diagram, error);
  }
}

const placeholders = document.querySelectorAll('pre.mermaid[data-diagram-source]');
const diagrams = Array.from(placeholders, (pre, n) => mount(/** @type {HTMLElement} */ (pre), n));
if (diagrams.length > 0) {
  mermaid.initialize(config);
  // One after another: mermaid queues renders anyway, and in document order the first picture comes first.
  for (const diagram of diagrams) await fill(diagram);
}
