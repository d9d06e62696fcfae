import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every .html file under `dir`, sorted so logs and stats are reproducible. */
export async function listHtmlFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (cause) {
    throw new Error(`Cannot read the build output directory ${dir}; run the site build first.`, { cause });
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Add a tag to <head>; pages without one (fragments) get it up front. */
export function injectIntoHead(html: string, tag: string): string {
  if (html.includes(tag)) return html;
  const close = html.search(/<\/head\s*>/i);
  if (close !== -1) return `${html.slice(0, close)}${tag}${html.slice(close)}`;
  return `${tag}${html}`;
}
