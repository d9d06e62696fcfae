/** A Dockerfile as its instructions, enough to check what a build would copy and run without a registry. */
export interface Instruction {
  keyword: string;
  args: string;
  /** Name of the stage it belongs to (`AS name`), or its index. */
  stage: string;
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = '';
  let stages = 0;
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!pending && (/^\s*#/.test(line) || !line.trim())) return;
    if (!pending) start = i + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const [, keyword = '', args = ''] = /^(\w+)\s+([\s\S]*)$/.exec(full) ?? [];
    if (keyword.toUpperCase() === 'FROM') stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages++);
    out.push({ keyword: keyword.toUpperCase(), args, stage, line: start });
  });
  return out;
}

/** `COPY [--from=x] [--chown=…] src… dest`: the sources and the `--from` stage, if any. */
export function copySources(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/).filter(Boolean);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from: flags.find((f) => f.startsWith('--from='))?.slice('--from='.length), sources: paths.slice(0, -1), dest: paths.at(-1) ?? '' };
}

/** `ENV A=1 B=2` (and the old `ENV A 1`) as a record. */
export function envValues(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [key = '', ...rest] = args.split(/\s+/);
    return { [key]: rest.join(' ') };
  }
  return Object.fromEntries([...args.matchAll(/(\w+)=("[^"]*"|\S*)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));
}
