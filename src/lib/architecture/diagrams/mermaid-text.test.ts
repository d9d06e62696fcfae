import { describe, expect, it } from 'vitest';
import { escapeLabel, flowchart, MAX_LABEL, mermaidId, safeHref } from './mermaid-text.ts';

describe('escapeLabel', () => {
  it.each([
    ['plain', 'nas/pihole', 'nas/pihole'],
    ['quotes end nothing', 'say "hi"', 'say ″hi″'],
    ['markup is inert', '<script>alert(1)</script>', '‹script›alert(1)‹/script›'],
    ['entity codes are not decoded', '#quot; &amp; #35;', '＃quot; ＆amp; ＃35;'],
    ['directives are not directives', '%%{init: {"theme":"dark"}}%%', '％％{init: {″theme″:″dark″}}％％'],
    ['backticks start no markdown', '`**bold**`', 'ˋ**bold**ˋ'],
    ['brackets and pipes stay (plain text inside quotes)', 'a[b]|c{d}(e)', 'a[b]|c{d}(e)'],
    ['unicode stays', 'Zürich 東京 🚀', 'Zürich 東京 🚀'],
    ['newlines, tabs and bidi controls go', 'a\nb\t\u202Ec\u0000', 'a b c'],
    ['a lone surrogate becomes U+FFFD', 'x\uD800y', 'x\uFFFDy'],
    ['empty gets a visible sign', '  ', '∅'],
  ])('%s', (_, input, expected) => {
    expect(escapeLabel(input)).toBe(expected);
  });

  it('cuts long labels to MAX_LABEL characters with an ellipsis, counting code points', () => {
    const cut = escapeLabel('🚀'.repeat(200));
    expect([...cut]).toHaveLength(MAX_LABEL);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('mermaidId', () => {
  it('is stable, never the raw name, and differs for different keys', () => {
    expect(mermaidId('n', 'container:nas/pihole')).toBe(mermaidId('n', 'container:nas/pihole'));
    expect(mermaidId('n', 'container:nas/pihole')).toMatch(/^n_[0-9a-f]{12}$/);
    expect(mermaidId('n', 'a')).not.toBe(mermaidId('n', 'b'));
  });
});

describe('flowchart', () => {
  it('writes nodes with status classes, solid observed and dashed declared edges, and link comments', () => {
    const d = flowchart({
      anchor: 'x', title: 'T',
      nodes: [{ key: 'a', label: 'A', status: 'failed', href: '/lab/a/' }, { key: 'b', label: 'B', href: 'javascript:alert(1)' }],
      edges: [{ from: 'a', to: 'b', label: 'depends on' }, { from: 'b', to: 'a', dashed: true }, { from: 'a', to: 'gone' }],
    });
    const [a, b] = [mermaidId('n', 'a'), mermaidId('n', 'b')];
    expect(d.source).toContain(`${a}["A"]:::st-failed`);
    expect(d.source).toContain(`${a} -->|"depends on"| ${b}`);
    expect(d.source).toContain(`${b} -.-> ${a}`);
    expect(d.source).toContain(`%% link ${a} /lab/a/`);
    expect(d.source).not.toContain('javascript');
    expect(d.source).not.toContain('gone');
    expect(safeHref('/x/"onload=1')).toBeUndefined();
  });

  it('draws the edges of a collapsed node once (mermaid refuses more than 500 edges)', () => {
    const d = flowchart({ anchor: 'x', title: 'T', nodes: [{ key: 'a', label: 'A' }, { key: 'more', label: '1391 more' }], edges: Array.from({ length: 600 }, () => ({ from: 'more', to: 'a', label: 'depends on' })) });
    expect(d.source.match(/-->/g)).toHaveLength(1);
  });

  it('refuses a diagram over 60 nodes: views must collapse', () => {
    const nodes = Array.from({ length: 61 }, (_, i) => ({ key: `k${i}`, label: `n${i}` }));
    expect(() => flowchart({ anchor: 'big', title: 'Big', nodes })).toThrow(/61 nodes; collapse/);
  });
});
