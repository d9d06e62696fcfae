import { spawn } from 'node:child_process';

/**
 * Reads Git objects (`<oid>` or `<rev>:<path>`) through one `git cat-file --batch`, name → text;
 * missing ones are left out. A fleet has thousands of snapshot files per commit: one `git show`
 * each meant tens of thousands of processes at once, and no output limit applies here.
 */
export async function readGitObjects(cwd: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (names.length === 0) return out;
  const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file --batch exited with ${code} in ${cwd}`))));
  });
  child.stdin.end(`${names.join('\n')}\n`);
  await closed;
  const buf = Buffer.concat(chunks);
  let pos = 0;
  for (const name of names) {
    const eol = buf.indexOf(10, pos);
    if (eol === -1) break;
    const [, type, size] = buf.toString('utf8', pos, eol).split(' '); // `<oid> blob <size>` or `<name> missing`
    pos = eol + 1;
    if (type !== 'blob') continue;
    const end = pos + Number(size);
    out.set(name, buf.toString('utf8', pos, end));
    pos = end + 1;
  }
  return out;
}
