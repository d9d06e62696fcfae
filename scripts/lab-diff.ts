/**
 * `npm run lab:diff -- [from] [to]`: what changed in the lab between two snapshot commits, in
 * Markdown: a one-line subject (the commit message's), then every change. `from` defaults to
 * HEAD and `to` to the working tree, so right after `npm run lab:pull` it shows what the pull found.
 * `--subject` prints the subject line alone.
 */
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { labDiff, message } from './ci/lab-change.ts';

try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { subject: { type: 'boolean', default: false } } });
  if (positionals.length > 2) throw new Error(`lab:diff takes at most two revisions (from, to), got ${positionals.length}: ${positionals.join(' ')}. Example: npm run lab:diff -- HEAD~3 HEAD`);
  const { root, contentPath } = loadSiteConfig();
  const diff = await labDiff({ root, contentPath, from: positionals[0] ?? 'HEAD', to: positionals[1] ?? null });
  process.stdout.write(values.subject ? `${diff.subject}\n` : message(diff));
} catch (e) {
  console.error(`lab:diff: ${(e as Error).message}`);
  process.exit(2);
}
