import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mermaidPlaceholder } from './diagram-markup.ts';

// Fixtures for the renderDiagrams tests: a throwaway built site and cache.

export const FLOWCHART = 'graph TD\n  A["Deploy & <verify>"] --> B{Healthy?}\n  B -->|yes| C[Done]\n  B -->|no| D[Roll back]';
export const SEQUENCE = 'sequenceDiagram\n  accTitle: Failover drill\n  Ops->>DB: promote replica\n  DB-->>Ops: ok';
// mermaid 12: "Parse error on line 2 ... got 'EOF'".
export const BROKEN = 'graph TD; A-->';

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}

export interface TestSite {
  root: string;
  dir: string;
  cacheDir: string;
  read(relative: string): string;
  write(relative: string, html: string): void;
  exists(relative: string): boolean;
  /** A fake "chromium" that records being started and fails; proves a run never launched it. */
  failingBrowser(): { path: string; launched(): boolean };
  cleanup(): void;
}

export function createTestSite(): TestSite {
  const root = mkdtempSync(join(tmpdir(), 'scarbook-mermaid-'));
  const dir = join(root, 'dist');
  const cacheDir = join(root, 'cache');
  return {
    root,
    dir,
    cacheDir,
    read: (relative) => readFileSync(join(dir, relative), 'utf8'),
    write(relative, html) {
      mkdirSync(dirname(join(dir, relative)), { recursive: true });
      writeFileSync(join(dir, relative), html);
    },
    exists: (relative) => existsSync(join(dir, relative)),
    failingBrowser() {
      const marker = join(root, 'browser-was-launched');
      const path = join(root, 'fake-chromium');
      writeFileSync(path, `#!/bin/sh\ntouch '${marker}'\necho 'fake chromium refuses to start' >&2\nexit 1\n`);
      chmodSync(path, 0o755);
      return { path, launched: () => existsSync(marker) };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Three pages with diagrams (one shared, one repeated, one broken) and one without. */
export function writeStandardSite(site: TestSite): void {
  site.write(
    'runbooks/deploy/index.html',
    page('Deploy', `<h1>Deploy</h1>${mermaidPlaceholder(FLOWCHART)}<p>Again:</p>${mermaidPlaceholder(FLOWCHART)}`),
  );
  site.write(
    'drills/failover/index.html',
    page('Failover', `<h1>Failover</h1>${mermaidPlaceholder(SEQUENCE)}${mermaidPlaceholder(FLOWCHART)}`),
  );
  site.write('broken/index.html', page('Broken', `<h1>Broken</h1><p>Before</p>${mermaidPlaceholder(BROKEN)}<p>After</p>`));
  site.write('index.html', page('Home', '<p>No diagrams here.</p><pre><code>graph TD</code></pre>'));
}

export function ids(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] ?? '');
}
