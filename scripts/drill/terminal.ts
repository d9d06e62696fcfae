import { createInterface } from 'node:readline/promises';
import type { Operator } from './actions/action.ts';
import type { LoadedDrill } from './load-drill.ts';

/** Whether a person can answer: stdin and stderr are a terminal. */
export const interactive = () => process.stdin.isTTY === true && process.stderr.isTTY === true;

async function ask(question: string, signal?: AbortSignal): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question, { signal })).trim();
  } finally {
    rl.close();
  }
}

/** Manual steps at the terminal: the instructions, then "done?". */
export const terminalOperator: Operator = {
  async confirm(instructions, signal) {
    process.stderr.write(`\n>>> Manual step:\n    ${instructions}\n`);
    const answer = await ask('    Type "done" when it is done (anything else cancels): ', signal);
    return answer.toLowerCase() === 'done';
  },
};

/** A production drill asks for its id to be typed: "y" is too easy to give by reflex. */
export async function confirmProductionAtTerminal(drill: LoadedDrill): Promise<boolean> {
  process.stderr.write(`\n${drill.id} breaks PRODUCTION: ${drill.resolved.targets.join(', ')}\n${drill.resolved.hypothesis}\n`);
  return (await ask(`Type the drill id (${drill.id}) to run it: `)) === drill.id;
}
