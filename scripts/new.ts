/**
 * `npm run new -- <runbook|decision|drill|incident> "Title" [--folder dns]`: creates a document
 * with valid front matter. Decisions get the next free number.
 */
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { runCommand } from '../src/lib/run-command.ts';
import { KINDS, scaffold } from './new/scaffold.ts';
import type { Kind } from './new/templates.ts';

async function author(): Promise<string> {
  const fromGit = await runCommand('git', ['config', 'user.name']).catch(() => '');
  return fromGit.trim() || process.env.USER || userInfo().username;
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { folder: { type: 'string' } } });
const [kind, ...words] = positionals;
if (!kind || !KINDS.includes(kind as Kind) || words.length === 0) {
  console.error(`Usage: npm run new -- <${KINDS.join('|')}> "Title" [--folder sub/folder]`);
  process.exit(2);
}
try {
  const config = loadSiteConfig();
  const file = await scaffold({ contentPath: config.contentPath, kind: kind as Kind, title: words.join(' '), folder: values.folder, author: await author() });
  console.log(`Created ${path.relative(process.cwd(), file)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
