import { createRandom } from '../random.ts';
import { paragraph, slugify, vocabulary } from './prose.ts';

/** Decision `n` (1-based): its number, title and path, a pure function of (seed, n). */
export function decisionPath(seed: string, n: number): { number: string; title: string; path: string } {
  const rng = createRandom(`${seed}/decision-title/${n}`);
  const title = `Run ${rng.pick(vocabulary.SERVICES)} ${rng.pick(['on every site', 'as a single instance', 'behind the proxy', 'in the sandbox first', 'with two replicas', 'on dedicated hosts'])}`;
  const number = String(n).padStart(4, '0');
  return { number, title, path: `decisions/${number}-${slugify(title)}.md` };
}

/** A MADR 4 decision record with the sections real ones have. */
export function decision(seed: string, n: number): { path: string; text: string } {
  const rng = createRandom(`${seed}/decision/${n}`);
  const { title, path } = decisionPath(seed, n);
  const options = Array.from({ length: 3 }, () => `${rng.pick(vocabulary.SERVICES)} ${rng.pick(['self-hosted', 'managed', 'on the NAS', 'clustered'])}`);
  const text = [
    '---',
    `status: ${rng.pick(['accepted', 'accepted', 'accepted', 'proposed', 'superseded'])}`,
    `date: 2025-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    `decision-makers: [${rng.pick(['alex', 'sam', 'kim'])}]`,
    'consulted: [platform]',
    'informed: [everyone]',
    '---',
    `# ${title}`,
    '## Context and Problem Statement', paragraph(rng),
    '## Decision Drivers', `* ${rng.pick(vocabulary.OBSERVE)}\n* ${rng.pick(vocabulary.OBSERVE)}\n* little upkeep`,
    '## Considered Options', options.map((o) => `* ${o}`).join('\n'),
    '## Decision Outcome', `Chosen option: "${options[0]}", because ${paragraph(rng, 2).toLowerCase()}`,
    '### Consequences', `* Good, because ${rng.pick(vocabulary.ACTIONS)} is simple.\n* Bad, because ${rng.pick(vocabulary.CAUSES)} can take it down.`,
  ].join('\n\n');
  return { path, text: `${text}\n` };
}
