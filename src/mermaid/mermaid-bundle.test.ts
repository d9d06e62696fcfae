import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium } from '../../tests/helpers/browser.ts';
import { installSeededRandom } from './browser-renderer.ts';
import { measureTextOnCanvas } from './canvas-text-width.ts';
import { memoizeGetConfig, mermaidBundle } from './mermaid-bundle.ts';
import { MERMAID_CONFIG, mermaidFile } from './mermaid-config.ts';

// The shape of mermaid's config module in its minified bundle, reduced to what the change touches.
const MODULE = `var cur={flowchart:{curve:"basis"},htmlLabels:true},copies=0,
copy=(dst,src)=>(copies++,JSON.parse(JSON.stringify(src))),name=(f,n)=>f,
update=(c,[r])=>{cur={...c,...r}},
setC=name(r=>(update(cur,[r]),getC()),"setConfig"),getC=name(()=>copy({},cur),"getConfig");
return {getC,setC,copies:()=>copies};`;

type Module = { getC(): Record<string, unknown>; setC(r: object): unknown; copies(): number };

describe('memoizeGetConfig', () => {
  it('finds getConfig in the installed mermaid bundle (an upgrade that moves it fails here: update the pattern or drop the change)', () => {
    expect(mermaidBundle().patched.getConfig).toBe(true);
  });

  it('copies the configuration once per configuration, and gives every caller its own top-level object', () => {
    const { code, patched } = memoizeGetConfig(MODULE);
    expect(patched).toBe(true);
    const mod = new Function(code)() as Module;
    const first = mod.getC();
    first['htmlLabels'] = false; // what mermaid's kanban renderer does to its copy
    const second = mod.getC();
    expect(second['htmlLabels']).toBe(true);
    expect(mod.copies()).toBe(1);
    mod.setC({ htmlLabels: false });
    expect(mod.getC()['htmlLabels']).toBe(false);
    expect(mod.copies()).toBe(2);
  });

  it('leaves a bundle without the pattern unchanged', () => {
    const other = MODULE.replace('"getConfig"', '"getSiteConfig"');
    expect(memoizeGetConfig(other)).toEqual({ code: other, patched: false });
  });
});

describe('measureTextOnCanvas', () => {
  it("finds mermaid's checkWidth in the installed bundle (an upgrade that changes it fails here: update the pattern or drop the change)", () => {
    expect(mermaidBundle().patched.textWidth).toBe(true);
  });

  // mermaid's createFormattedText, minified, reduced to the wrapping question.
  const WRAP = 'function c(r,t,a){let f=t.append("g");for(let v of a){let T=i(E=>D9n(f,1.1,E)<=r,"checkWidth"),C=T(v)?[v]:X(v,T)}}';

  it("asks the canvas whether a line fits, with the label's group, the line, the limit and mermaid's own measurement, and installs that after the bundle", () => {
    const { code, patched } = measureTextOnCanvas(`"use strict";${WRAP}`);
    expect(patched).toBe(true);
    expect(code.startsWith('"use strict";function c(')).toBe(true);
    expect(code).toContain('let T=i(E=>globalThis.__scarbookFits(f.node(),E,r,()=>D9n(f,1.1,E)),"checkWidth")');
    expect(code).toMatch(/\n;\(function installFits\(/);
  });

  it('leaves a bundle without the pattern unchanged', () => {
    const other = WRAP.replace('"checkWidth"', '"fits"');
    expect(measureTextOnCanvas(other)).toEqual({ code: other, patched: false });
  });
});

// One diagram of each kind mermaid draws, with the shapes drawn by rough.js among the flowchart's.
const DIAGRAMS = [
  'flowchart LR\n  a[Square] --> b(Round) --> c{Choice}\n  c -->|yes| d[(Database)]\n  c -.->|no| e([Stadium])\n  d --> f[[Sub]] --> g>Flag] --> h{{Hex}}\n  h --> i[/Lean/] --> j@{ shape: doc, label: "Doc" }\n  subgraph s [Group]\n    k((Circle)) --> l[\\Trap/]\n  end\n  j --> k',
  'sequenceDiagram\n  participant A as Alice\n  A->>B: hello\n  B-->>A: hi\n  Note over A,B: a note\n  loop every minute\n    A->>B: ping\n  end',
  'classDiagram\n  class Animal {\n    +String name\n    +move() void\n  }\n  Animal <|-- Dog\n  Animal o-- Leg',
  'stateDiagram-v2\n  [*] --> Idle\n  Idle --> Busy: job\n  Busy --> Idle: done\n  Busy --> [*]',
  'erDiagram\n  HOST ||--o{ CONTAINER : runs\n  CONTAINER { string name\n  int port }',
  'gantt\n  dateFormat YYYY-MM-DD\n  todayMarker off\n  section Restore\n  Fetch :a1, 2026-01-01, 2d\n  Verify :after a1, 1d',
  'pie title Pages\n  "runbooks" : 1000\n  "lab" : 84',
  'journey\n  title Restore\n  section Night\n    Get paged: 1: Me\n    Restore: 3: Me',
  'gitGraph\n  commit\n  branch fix\n  commit\n  checkout main\n  merge fix',
  'mindmap\n  root((lab))\n    hosts\n    drills',
  'timeline\n  title Incidents\n  2025 : DNS\n  2026 : Disk',
  'kanban\n  todo[To do]\n    t1[Restore drill]\n  done[Done]\n    t2[DNS runbook]',
  'quadrantChart\n  x-axis Low --> High\n  y-axis Rare --> Often\n  A: [0.3, 0.6]',
  'xychart-beta\n  x-axis [a, b, c]\n  bar [1, 3, 2]',
  'block-beta\n  columns 2\n  a b',
  'architecture-beta\n  group lab(cloud)[Lab]\n  service db(database)[DB] in lab\n  service web(server)[Web] in lab\n  db:L -- R:web',
  'requirementDiagram\n  requirement r1 {\n    id: 1\n    text: restore in 1h\n  }',
  // Labels mermaid wraps word by word (canvas-text-width.ts): plain, with entities, and runs of bold and italic.
  'flowchart TD\n  a["A plain label long enough that mermaid has to wrap it over two or three lines"] --> b["`**Bold words** then *italic ones* and plain words, again long enough to wrap twice`"]\n  b -->|an edge label that is also rather long for one line| c["Tom &amp; Jerry &lt;3 a label with entities that wraps onto a second line"]',
  // Letter spacing: a font the canvas cannot measure, so those lines are measured the SVG way.
  '%%{init: {"themeCSS": "text { letter-spacing: 3px; }"}}%%\nflowchart LR\n  a["A label with spaced letters, long enough to wrap over more than one line"] --> b[end]',
];

const executable = chromiumOrSkip('mermaid-bundle');

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return `character ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… against …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

describe.skipIf(executable === 'skip')('the changed mermaid bundle in Chromium', () => {
  it('draws every kind of diagram exactly as mermaid unchanged does', async () => {
    const browser = await launchChromium(executable as string);
    try {
      const render = async (script: { path: string } | { content: string }): Promise<string[]> => {
        const page = await browser.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
        await page.addScriptTag(script);
        await page.evaluate(installSeededRandom);
        return page.evaluate(
          async ({ config, sources }) => {
            const scope = globalThis as unknown as {
              mermaid: { initialize(c: object): void; render(id: string, s: string): Promise<{ svg: string }> };
              seedRandom(key: string): void;
            };
            const mermaid = scope.mermaid;
            mermaid.initialize(config);
            const svgs: string[] = [];
            for (const [i, source] of sources.entries()) {
              try {
                scope.seedRandom(`d${i}`);
                svgs.push((await mermaid.render(`d${i}`, source)).svg);
              } catch (error) {
                svgs.push(`ERROR ${String(error)}`);
              }
              document.body.replaceChildren();
            }
            return svgs;
          },
          { config: { ...MERMAID_CONFIG }, sources: DIAGRAMS },
        );
      };
      // Iconify (architecture diagrams' icons) names its ids after the clock: not the change's doing.
      const clockless = (svgs: string[]) => svgs.map((svg) => svg.replace(/IconifyId[0-9a-f]+/g, 'IconifyId'));
      const plain = clockless(await render({ path: mermaidFile('dist/mermaid.min.js') }));
      const memoised = clockless(await render({ content: mermaidBundle().code }));
      for (const [i, svg] of plain.entries()) {
        expect(svg, DIAGRAMS[i]).toMatch(/^<svg/);
        // Compared as booleans: a failure would otherwise print two SVGs of ~30 KB each.
        expect(memoised[i] === svg, `${DIAGRAMS[i]}\nfirst difference at ${firstDifference(svg, memoised[i] ?? '')}`).toBe(true);
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
