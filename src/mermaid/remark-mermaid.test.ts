import type { Root } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import remarkMermaid, { mermaidPlaceholder, replaceMermaidCode } from './remark-mermaid.ts';

// remark-rehype/rehype-stringify are not installed; their cores
// (mdast-util-to-hast, hast-util-to-html) are, via Astro.
async function markdownToHtml(markdown: string): Promise<string> {
  const processor = unified().use(remarkParse).use(remarkMermaid);
  const tree = await processor.run(processor.parse(markdown));
  return toHtml(toHast(tree, { allowDangerousHtml: true }), { allowDangerousHtml: true });
}

describe('mermaidPlaceholder', () => {
  it('escapes &, <, > and " and nothing else', () => {
    expect(mermaidPlaceholder(`A["a & b"] --> B<br>'x'`)).toBe(
      `<pre class="mermaid" data-diagram-source>A[&quot;a &amp; b&quot;] --&gt; B&lt;br&gt;'x'</pre>`,
    );
  });
});

describe('remark-mermaid', () => {
  it('turns a mermaid fence into the placeholder, source escaped', async () => {
    const html = await markdownToHtml('# Title\n\n```mermaid\ngraph TD\n  A["<b>x</b> & y"] --> B\n```\n');
    expect(html).toContain(
      '<pre class="mermaid" data-diagram-source>graph TD\n  A[&quot;&lt;b&gt;x&lt;/b&gt; &amp; y&quot;] --&gt; B</pre>',
    );
    expect(html).not.toContain('language-mermaid');
  });

  it('leaves other code blocks and inline code alone', async () => {
    const html = await markdownToHtml('```js\nlet a = 1 < 2;\n```\n\nUse `mermaid` here.\n\n```\nplain\n```\n');
    expect(html).toContain('<pre><code class="language-js">let a = 1 &#x3C; 2;\n</code></pre>');
    expect(html).toContain('<code>mermaid</code>');
    expect(html).toContain('<pre><code>plain\n</code></pre>');
    expect(html).not.toContain('data-diagram-source');
  });

  it('finds fences nested in lists and blockquotes', async () => {
    const html = await markdownToHtml('- item\n\n  ```mermaid\n  graph LR; A-->B\n  ```\n\n> ```Mermaid\n> pie\n> ```\n');
    expect(html.match(/data-diagram-source/g)).toHaveLength(2);
  });

  it('replaces nodes in a hand-built tree and keeps their position', () => {
    const position = { start: { line: 1, column: 1 }, end: { line: 3, column: 4 } };
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'code', lang: 'mermaid', value: 'graph TD; A-->B', position },
        { type: 'code', lang: 'ts', value: 'const a = 1;' },
      ],
    };
    replaceMermaidCode(tree);
    expect(tree.children[0]).toEqual({ type: 'html', value: mermaidPlaceholder('graph TD; A-->B'), position });
    expect(tree.children[1]).toEqual({ type: 'code', lang: 'ts', value: 'const a = 1;' });
  });
});
