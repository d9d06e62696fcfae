import { describe, expect, it } from 'vitest';
import {
  decodeHtml,
  diagramErrorFigure,
  diagramLabel,
  findPlaceholders,
  mermaidPlaceholder,
  replacePlaceholders,
} from './diagram-markup.ts';

describe('findPlaceholders', () => {
  it('round-trips what mermaidPlaceholder writes', () => {
    const source = 'graph TD\n  A["<b>x</b> & \'y\'"] --> B';
    expect(findPlaceholders(`<p>x</p>${mermaidPlaceholder(source)}<p>y</p>`)).toEqual([source]);
  });

  it('accepts the variants Astro components and serializers produce', () => {
    const html = [
      '<pre class="mermaid" data-astro-cid-abc123 data-diagram-source>pie\n "a": 1</pre>',
      '<pre data-diagram-source="" class="mermaid">graph LR; A--&gt;B</pre>',
      '<pre class="mermaid wide" data-diagram-source="true">A &#x26; B &#39;c&#39;</pre>',
    ].join('');
    expect(findPlaceholders(html)).toEqual(['pie\n "a": 1', 'graph LR; A-->B', "A & B 'c'"]);
  });

  it('ignores highlighted code and escaped examples of the markup', () => {
    const html =
      '<pre class="astro-code"><code>graph TD</code></pre>' +
      '<pre><code>&lt;pre class="mermaid" data-diagram-source&gt;x&lt;/pre&gt;</code></pre>' +
      '<pre class="mermaid">no marker attribute</pre>';
    expect(findPlaceholders(html)).toEqual([]);
  });

  it('normalizes line endings and surrounding blank lines', () => {
    expect(findPlaceholders(mermaidPlaceholder('\r\ngraph TD\r\n A-->B\r\n\r\n'))).toEqual(['graph TD\n A-->B']);
  });
});

describe('decodeHtml', () => {
  it('decodes in a single pass', () => {
    expect(decodeHtml('&amp;lt; &lt; &#60; &#x3c; &quot; &unknown;')).toBe('&lt; < < < " &unknown;');
  });
});

describe('replacePlaceholders', () => {
  it('replaces what the callback returns and counts what it keeps', () => {
    const html = mermaidPlaceholder('a') + mermaidPlaceholder('b');
    const result = replacePlaceholders(html, (source) => (source === 'a' ? '<svg/>' : undefined));
    expect(result).toEqual({ html: `<svg/>${mermaidPlaceholder('b')}`, kept: 1 });
  });
});

describe('diagramErrorFigure', () => {
  it('escapes message and source', () => {
    expect(diagramErrorFigure('A --> <B>', 'got "<EOF>"')).toBe(
      '<figure class="diagram diagram-error" role="note"><p><strong>This diagram has an error:</strong> got &quot;&lt;EOF&gt;&quot;</p><pre>A --&gt; &lt;B&gt;</pre></figure>',
    );
  });
});

describe('diagramLabel', () => {
  it('prefers the accessible title, then description, then the diagram type', () => {
    expect(diagramLabel('<svg aria-roledescription="sequence"><title id="t">Login &amp; logout</title></svg>')).toBe(
      'Login & logout',
    );
    expect(diagramLabel('<svg aria-roledescription="pie"><desc>Share of incidents</desc></svg>')).toBe(
      'Share of incidents',
    );
    expect(diagramLabel('<svg aria-roledescription="flowchart-v2"></svg>')).toBe('Flowchart');
    expect(diagramLabel('<svg aria-roledescription="sequence"></svg>')).toBe('Sequence diagram');
    expect(diagramLabel('<svg></svg>')).toBe('Diagram');
  });
});
