import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const parser = unified().use(remarkParse).use(remarkGfm);

/** Blanks the front matter but keeps its lines, so positions in the tree are the file's own line numbers. */
export function blankFrontmatter(text: string): string {
  return text.replace(/^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/, (m) => m.replace(/[^\n]/g, ''));
}

/** Markdown → mdast with positions, GFM on, as authors see it on GitHub. */
export function parseMarkdown(text: string): Root {
  return parser.parse(blankFrontmatter(text));
}
