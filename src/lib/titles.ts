import path from 'node:path';

/** Lines of a Markdown body outside fenced code blocks, so a `# comment` in a shell block is not a heading. */
export function* proseLines(body: string): Generator<string> {
  let fence: string | null = null;
  for (const line of body.split(/\r?\n/)) {
    const m = line.match(/^\s{0,3}(`{3,}|~{3,})/);
    if (m) {
      if (fence === null) fence = m[1]!;
      else if (m[1]!.startsWith(fence[0]!) && m[1]!.length >= fence.length) fence = null;
      continue;
    }
    if (fence === null) yield line;
  }
}

/** Plain text of a heading: inline code, emphasis and link syntax removed. */
export function headingText(markdown: string): string {
  return markdown
    .replace(/\s+#+\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_~]/g, '')
    .trim();
}

/** The first `# heading` of a body, or null. */
export function firstHeading(body: string): string | null {
  for (const line of proseLines(body)) {
    const m = line.match(/^\s{0,3}#\s+(.+)$/);
    if (m) return headingText(m[1]!) || null;
  }
  return null;
}

/**
 * A page's title: the front matter's, else the first `# heading`, else the file name.
 * A runbook pasted in without front matter must still get a usable title.
 */
export function deriveTitle(explicit: string | undefined, body: string | undefined, filePath: string | undefined, id: string): string {
  if (explicit?.trim()) return explicit.trim();
  const heading = body ? firstHeading(body) : null;
  if (heading) return heading;
  return filePath ? path.basename(filePath).replace(/\.(md|mdx)$/i, '') : id.split('/').pop()!;
}
