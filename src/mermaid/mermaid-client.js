// @ts-check
// Browser fallback for builds without Chromium. Copied as-is to
// /_scarbook/mermaid-client.js (plain JS: it is not bundled), next to mermaid's
// ESM build. It turns each <pre class="mermaid" data-diagram-source> into the
// same markup diagram-markup.ts produces at build time, so diagram.css applies.

// Both files exist only in the built site, next to this one; URLs rather than
// static specifiers so type-checking this source file does not look for them.
const [{ default: mermaid }, { default: config }] = /**
  @type {[{ default: import('mermaid').Mermaid }, { default: { base: import('mermaid').MermaidConfig, themes: Record<Theme, NonNullable<import('mermaid').MermaidConfig['theme']>> } }]}
*/ (
  await Promise.all([
    import(new URL('./mermaid/mermaid.esm.min.mjs', import.meta.url).href),
    import(new URL('./mermaid-client-config.js', import.meta.url).href),
  ])
);

/** @typedef {'light' | 'dark'} Theme */
/**
 * @typedef {object} Diagram
 * @property {string} source
 * @property {HTMLElement} block
 * @property {HTMLElement} figure
 * @property {Record<Theme, HTMLElement>} slots
 * @property {Partial<Record<Theme, Promise<void>>>} pending
 * @property {number} n
 * @property {boolean} failed
 */

const root = document.documentElement;
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

/** Same rule as diagram.css: an explicit data-theme wins, else the OS setting. @returns {Theme} */
function currentTheme() {
  const chosen = root.dataset.theme;
  if (chosen === 'dark' || chosen === 'light') return chosen;
  return darkQuery.matches ? 'dark' : 'light';
}

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
  const slots = { light: el('div', { class: 'diagram-light' }), dark: el('div', { class: 'diagram-dark' }) };
  const figure = el('figure', { class: 'diagram', role: 'img', 'aria-label': 'Diagram' }, [slots.light, slots.dark]);
  const details = el('details', { class: 'diagram-source' }, [el('summary', {}, ['Diagram source']), el('pre', {}, [source])]);
  const block = el('div', { class: 'diagram-block' }, [figure, details]);
  pre.replaceWith(block);
  return { source, block, figure, slots, pending: {}, n, failed: false };
}

/** @param {Diagram} diagram @param {unknown} error */
function showError(diagram, error) {
  diagram.failed = true;
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
 * of the rendered SVG goes inside an <a>. @param {HTMLElement} slot @param {string} source
 */
function linkNodes(slot, source) {
  let linked = false;
  for (const [, id, href] of source.matchAll(/^%% link ([A-Za-z][\w-]*) ((?:\/|https?:\/\/)[^\s"'<>`]*)$/gm)) {
    if (!id || !href) continue;
    for (const g of slot.querySelectorAll(`g.node[id*="-flowchart-${id}-"], g.cluster[id$="-${id}"]`)) {
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

// mermaid.initialize() is global, so renders with different themes must not interleave.
let queue = Promise.resolve();

/** @param {Diagram} diagram @param {Theme} theme @returns {Promise<void>} */
function fill(diagram, theme) {
  if (diagram.failed) return Promise.resolve();
  const existing = diagram.pending[theme];
  if (existing) return existing;
  const job = queue.then(async () => {
    if (diagram.failed) return;
    mermaid.initialize({ ...config.base, theme: config.themes[theme] });
    const id = `scarbook-mermaid-${diagram.n}-${theme}`;
    try {
      const { svg } = await mermaid.render(id, diagram.source);
      diagram.slots[theme].innerHTML = svg;
      if (linkNodes(diagram.slots[theme], diagram.source)) diagram.figure.setAttribute('role', 'group');
      const rendered = diagram.slots[theme].querySelector('svg');
      if (rendered) diagram.figure.setAttribute('aria-label', labelFor(rendered));
    } catch (error) {
      // mermaid leaves its scratch container (and "bomb" picture) at the end of <body>.
      document.getElementById(`d${id}`)?.remove();
      showError(diagram, error);
    }
  });
  queue = job.catch(() => undefined);
  diagram.pending[theme] = job;
  return job;
}

const placeholders = document.querySelectorAll('pre.mermaid[data-diagram-source]');
const diagrams = Array.from(placeholders, (pre, n) => mount(/** @type {HTMLElement} */ (pre), n));

// The theme on screen first; fill() is idempotent, so calling this again on a switch is cheap.
function renderVisible() {
  const theme = currentTheme();
  for (const diagram of diagrams) void fill(diagram, theme);
}

if (diagrams.length > 0) {
  renderVisible();
  // Then the other theme, queued behind every visible render: theme switches
  // become instant and printing (light only, see diagram.css) has a picture.
  const other = currentTheme() === 'dark' ? 'light' : 'dark';
  for (const diagram of diagrams) void fill(diagram, other);
  new MutationObserver(renderVisible).observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  darkQuery.addEventListener('change', renderVisible);
}
