import { markdownToHtml, mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { mermaidPlaceholder } from './diagram-markup.ts';
import { satteriMermaid } from './satteri-mermaid.ts';

const source = 'graph TD\n  A["a & <b>"] --> B{x}\n\n  C --> D';
const markdown = `# T\n\n\`\`\`mermaid\n${source}\n\`\`\`\n\n\`\`\`js\nlet a = 1 < 2;\n\`\`\`\n`;

describe('satteri-mermaid (Astro 7 default processor)', () => {
  // Sätteri returns a promise when a plugin is async; ours is not, but await covers both.
  it('emits the exact placeholder in Markdown and leaves other code alone', async () => {
    const { html } = await markdownToHtml(markdown, { mdastPlugins: [satteriMermaid] });
    expect(html).toContain(mermaidPlaceholder(source));
    expect(html).toContain('<code class="language-js">');
  });

  it('emits a <pre class="mermaid" data-diagram-source> element with the untouched source in MDX', async () => {
    const { code } = await mdxToJs(markdown, { mdastPlugins: [satteriMermaid] });
    expect(code).toContain('"data-diagram-source": ""');
    expect(code).toContain('className: "mermaid"');
    // The whole source as one string: blank lines and braces survive MDX.
    expect(code).toContain(JSON.stringify(source));
  });
});
