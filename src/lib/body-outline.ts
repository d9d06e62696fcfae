/**
 * What the data store keeps of a runbook's Markdown body: the lines the site reads of it away from
 * its own page (whose HTML Astro renders from the whole file at sync). Those are its headings (the
 * title when the front matter has none: titles.ts; the sections: drills/drill-refs.ts), the lines
 * that say a drill exercises a section (drill-refs.ts), and the fence lines that tell both where
 * code starts and ends, so that a `# comment` in a shell block stays code. Every other line goes.
 *
 * Why: Astro keeps each entry's body in its data store beside the rendered HTML, writes the whole
 * store back after every content sync and reads it again to render the pages (devalue, on Astro's
 * one thread). Runbook bodies were 4.7 MB of the 1,000-runbook benchmark's 15.5 MB store.
 *
 * body-outline.test.ts checks that titles and drill claims come out the same from the outline as
 * from the whole body.
 */
export function runbookOutline(body: string): string {
  return body.split('\n').filter((line) => KEPT.test(line)).join('\n');
}

/** A heading or fence candidate (any indentation: titles.ts and drill-refs.ts differ there), or a claim. */
const KEPT = /^\s*(#|```|~~~)|exercis/i;
