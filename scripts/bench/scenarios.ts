/**
 * The benchmark scenarios of issue 8. `small` is the example lab in content/ as it is; the
 * others are generated. `tiny` is for developing the harness on a busy machine.
 */
export interface GeneratedScenario {
  name: string;
  kind: 'generated';
  runbooks: number;
  hosts: number;
  sites: number;
  containers: number;
}
export interface ExampleScenario { name: string; kind: 'example' }
export type Scenario = GeneratedScenario | ExampleScenario;

export const SCENARIOS: Record<string, Scenario> = {
  small: { name: 'small', kind: 'example' },
  tiny: { name: 'tiny', kind: 'generated', runbooks: 30, hosts: 8, sites: 2, containers: 40 },
  '1k': { name: '1k', kind: 'generated', runbooks: 1000, hosts: 40, sites: 2, containers: 400 },
  fleet: { name: 'fleet', kind: 'generated', runbooks: 5000, hosts: 7000, sites: 20, containers: 50_000 },
};

/** A generated scenario shrunk (or grown) by `scale`; the name records it so results are never mistaken for the full size. */
export function scaled(s: Scenario, scale: number): Scenario {
  if (s.kind === 'example' || scale === 1) return s;
  const n = (x: number, min: number) => Math.max(min, Math.round(x * scale));
  return { ...s, name: `${s.name}@${scale}`, runbooks: n(s.runbooks, 10), hosts: n(s.hosts, s.sites + 2), containers: n(s.containers, 4) };
}

export function scenarioByName(name: string): Scenario {
  const s = SCENARIOS[name];
  if (!s) throw new Error(`unknown scenario "${name}": one of ${Object.keys(SCENARIOS).filter((k) => k !== 'tiny').join(', ')}`);
  return s;
}

/** How many decisions, drills and journals accompany `runbooks` runbooks. */
export function docCounts(runbooks: number) {
  return { decisions: Math.max(7, Math.round(runbooks / 25)), drills: Math.max(4, Math.round(runbooks / 50)), journalsPerDrill: 3 };
}
