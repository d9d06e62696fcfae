import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFrontmatter } from '../schemas/format-error.ts';
import { SiteConfigSchema, type SiteConfig } from '../schemas/site-config.ts';

export const CONFIG_FILE = 'scarbook.config.json';

/**
 * Reads `scarbook.config.json` from the project root. `SCARBOOK_CONTENT_DIR` overrides the
 * content folder so tests and other labs can build from a folder of their own.
 */
export function loadSiteConfig(root = process.cwd()): SiteConfig & { root: string; contentPath: string } {
  const file = path.join(root, CONFIG_FILE);
  const raw: unknown = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const config = parseFrontmatter(SiteConfigSchema, raw, CONFIG_FILE);
  const contentDir = process.env.SCARBOOK_CONTENT_DIR || config.contentDir;
  return { ...config, contentDir, root, contentPath: path.resolve(root, contentDir) };
}
