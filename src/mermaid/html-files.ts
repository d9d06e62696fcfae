import { existsSync } from 'node:fs';
import { filesUnder } from '../lib/files-under.ts';

/** Every .html file under `dir`, sorted so logs and stats are reproducible. */
export async function listHtmlFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) throw new Error(`Cannot read the build output directory ${dir}; run the site build first.`);
  return filesUnder(dir).filter((file) => file.endsWith('.html'));
}

/** Add a tag to <head>; pages without one (fragments) get it up front. */
export function injectIntoHead(html: string, tag: string): string {
  if (html.includes(tag)) return html;
  const close = html.search(/<\/head\s*>/i);
  if (close !== -1) return `${html.slice(0, close)}${tag}${html.slice(close)}`;
  return `${tag}${html}`;
}
