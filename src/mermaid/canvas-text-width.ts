/**
 * With `htmlLabels: false`, mermaid wraps every label by measuring it: it asks whether each line
 * fits, and for a line that does not, whether it fits word by word. Each question appends an SVG
 * `<text>`, reads `getComputedTextLength()` and removes it, and each read makes Chromium lay out
 * the whole growing diagram. On the 1,000-runbook benchmark that was ~10,000 layouts, over a
 * quarter of the rendering time of its 128 diagrams.
 *
 * The build renderer therefore answers "does this line fit?" from a canvas, in the font of the
 * label: one style lookup per label instead of one layout per question. Canvas and SVG text are
 * shaped alike but rounded differently (SVG to 1/64 px per glyph), so they differ by hundredths of
 * a pixel. To give exactly mermaid's answers:
 * - a line whose canvas width is within `MARGIN_PX` of the limit is measured the SVG way;
 * - so is every line in a style a canvas font cannot express (letter or word spacing, variants,
 *   font features, text transforms);
 * - the first `CHECKS_PER_FONT` lines in each font are measured both ways, and a font where the
 *   two differ by more than `MAX_ERROR_PX` (one the canvas did not load, say) is measured the SVG
 *   way from then on.
 * Only the wrapping decisions change hands: sizes in the SVG still come from its own layout.
 *
 * The change is found by a pattern in mermaid's minified bundle (its `checkWidth` closure in
 * `createFormattedText`). When an upgrade changes it, the bundle loads unchanged (correct, only
 * slower) and `mermaid-bundle.test.ts` fails to say so; that test also requires the same SVG.
 */
const CHECK_WIDTH = /([\w$]+)\(([\w$]+)=>([\w$]+)\(([\w$]+),([\d.]+),\2\)<=([\w$]+),"checkWidth"\)/;

/** The global the changed bundle calls; defined by code appended to it. */
const FITS = '__scarbookFits';
const MARGIN_PX = 1;
const MAX_ERROR_PX = 0.25;
const CHECKS_PER_FONT = 8;

/** A line as mermaid passes it: runs of words, each normal, bold (`strong`) or italic (`em`). */
type Run = { content: string; type: string };

/**
 * Runs in the page right after mermaid loads (serialised into the bundle, so it must not refer to
 * anything outside itself). Defines `globalThis[name](group, line, limit, exact)`: whether `line`
 * fits in `limit` pixels inside the label group `group`; `exact()` is mermaid's own measurement.
 */
function installFits(name: string, margin: number, maxError: number, checks: number): void {
  const context = new OffscreenCanvas(1, 1).getContext('2d');
  type Font = { canvas: string; key: string } | null;
  // Keyed by the label's group: every line of one label is measured inside it.
  const fonts = new WeakMap<Element, Font>();
  // Font key → lines checked so far, or -1 once the canvas disagreed with the SVG.
  const checked = new Map<string, number>();
  const fontOf = (group: Element): Font => {
    const known = fonts.get(group);
    if (known !== undefined) return known;
    // A bare <text> in the group, as mermaid's own measurement uses.
    const probe = group.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'text'));
    const style = getComputedStyle(probe);
    // What a canvas font cannot say (spacing, features, transforms) sends the label the SVG way;
    // the rest is part of the key, so text styled differently is checked on its own.
    const plain =
      style.letterSpacing === 'normal' &&
      style.wordSpacing === '0px' &&
      style.fontVariant === 'normal' &&
      style.fontStretch === '100%' &&
      style.fontFeatureSettings === 'normal' &&
      style.fontVariationSettings === 'normal' &&
      style.textTransform === 'none';
    const canvas = `${style.fontSize} ${style.fontFamily}`;
    const font = plain ? { canvas, key: [canvas, style.fontKerning, style.textRendering, style.fontOpticalSizing, style.fontSizeAdjust].join('|') } : null;
    probe.remove();
    fonts.set(group, font);
    return font;
  };
  // mermaid's decoding of label text before it becomes a <tspan> (only these three entities).
  const decode = (text: string) => text.replace(/&(amp|lt|gt);/g, (_, entity: string) => (entity === 'amp' ? '&' : entity === 'lt' ? '<' : '>'));
  const fits = (group: Element, line: Run[], limit: number, exact: () => number): boolean => {
    const font = fontOf(group);
    const done = font ? (checked.get(font.key) ?? 0) : -1;
    if (!context || !font || done < 0) return exact() <= limit;
    let width = 0;
    for (const [i, run] of line.entries()) {
      context.font = `${run.type === 'em' ? 'italic' : 'normal'} ${run.type === 'strong' ? 'bold' : 'normal'} ${font.canvas}`;
      width += context.measureText(i === 0 ? decode(run.content) : ` ${decode(run.content)}`).width;
    }
    if (done < checks) {
      const measured = exact();
      checked.set(font.key, Math.abs(measured - width) <= maxError ? done + 1 : -1);
      return measured <= limit;
    }
    return Math.abs(width - limit) < margin ? exact() <= limit : width <= limit;
  };
  (globalThis as unknown as Record<string, unknown>)[name] = fits;
}

/** Makes a mermaid.min.js source answer `checkWidth` from a canvas; `patched` is false when the pattern is not there. */
export function measureTextOnCanvas(code: string): { code: string; patched: boolean } {
  const match = CHECK_WIDTH.exec(code);
  if (!match) return { code, patched: false };
  const [whole, name, line, measure, group, lineHeight, limit] = match;
  const changed = `${name}(${line}=>globalThis.${FITS}(${group}.node(),${line},${limit},()=>${measure}(${group},${lineHeight},${line})),"checkWidth")`;
  // After the bundle, which starts with "use strict": code before it would make that a plain
  // expression. The function is only called while a diagram renders, long after both have run.
  const install = `\n;(${installFits.toString()})(${JSON.stringify(FITS)},${MARGIN_PX},${MAX_ERROR_PX},${CHECKS_PER_FONT});\n`;
  return { code: code.slice(0, match.index) + changed + code.slice(match.index + whole!.length) + install, patched: true };
}
