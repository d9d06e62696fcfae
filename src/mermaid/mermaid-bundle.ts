import { readFileSync } from 'node:fs';
import { measureTextOnCanvas } from './canvas-text-width.ts';
import { mermaidFile } from './mermaid-config.ts';

/**
 * Mermaid's `getConfig()` returns a fresh deep copy of the whole configuration (every diagram
 * type's defaults and ~200 theme variables) on every call, and the flowchart renderer calls it for
 * every node label and every edge. In a CPU profile of the 128 diagrams of the 1k benchmark,
 * those copies were a third of Chromium's time (4.5 s of 12.5 s).
 *
 * The build renderer therefore loads mermaid with `getConfig()` memoised: the deep copy is made
 * once per configuration (mermaid replaces its configuration object whenever the configuration
 * changes, so its identity is the cache key), and each call still gets its own top-level object,
 * so a renderer that sets a top-level field on its copy (the kanban renderer sets `htmlLabels`)
 * changes nothing for the next caller. Nested objects are shared between calls, which is safe only
 * while no renderer writes into them: `mermaid-bundle.test.ts` renders one diagram of each type
 * with and without the change and requires identical SVG.
 *
 * The change is found by a pattern in mermaid's minified bundle. When an upgrade changes the
 * bundle so the pattern no longer matches, the bundle loads unchanged (correct, only slower), and
 * the test above fails to say so.
 */
const GET_CONFIG =
  /([\w$]+)=([\w$]+)\(([\w$]+)=>\(([\w$]+)\(([\w$]+),\[\3\]\),([\w$]+)\(\)\),"setConfig"\),\6=\2\(\(\)=>([\w$]+)\(\{\},\5\),"getConfig"\)/;

export interface MermaidBundle {
  /** The source of mermaid.min.js, with the changes `patched` names. */
  code: string;
  /** Which changes found their pattern in the installed bundle. */
  patched: { getConfig: boolean; textWidth: boolean };
}

/** Applies the memoised getConfig to a mermaid.min.js source; `patched` is false when the pattern is not there. */
export function memoizeGetConfig(code: string): { code: string; patched: boolean } {
  const match = GET_CONFIG.exec(code);
  if (!match) return { code, patched: false };
  const [whole, setConfig, name, arg, update, current, getConfig, copy] = match;
  const memoised =
    `${setConfig}=${name}(${arg}=>(${update}(${current},[${arg}]),${getConfig}()),"setConfig"),` +
    `${getConfig}=${name}((()=>{let key,copied;return()=>(key!==${current}&&(key=${current},copied=${copy}({},${current})),{...copied})})(),"getConfig")`;
  return { code: code.slice(0, match.index) + memoised + code.slice(match.index + whole!.length), patched: true };
}

let bundle: MermaidBundle | undefined;

/**
 * mermaid.min.js for the build-time renderer, read and changed once per process: getConfig
 * memoised (above), label lines measured on a canvas (canvas-text-width.ts).
 */
export function mermaidBundle(): MermaidBundle {
  if (!bundle) {
    const config = memoizeGetConfig(readFileSync(mermaidFile('dist/mermaid.min.js'), 'utf8'));
    const text = measureTextOnCanvas(config.code);
    bundle = { code: text.code, patched: { getConfig: config.patched, textWidth: text.patched } };
  }
  return bundle;
}
