import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { EntityInput } from '../../../src/schemas/lab.ts';
import { ids } from '../identity.ts';
import { REDACTED, stripUrlCredentials } from '../redact.ts';

export const BorgConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('borg'),
  /** A path or a borg location (`ssh://user@host:22/./repo`, `user@host:repo`). Credentials in it never leave fetch. */
  repository: z.string().min(1),
  /** NAME of the env var holding the passphrase (absent: unencrypted repository, or a key without passphrase). */
  passphraseEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, not its value').optional(),
  /** The lab host the backed-up paths live on, when borg recorded another hostname (borg in a container). */
  host: z.string().min(1).optional(),
  /** Milliseconds before one borg command is given up on. */
  timeoutMs: z.number().int().positive().optional(),
});
export type BorgConfig = z.infer<typeof BorgConfigSchema>;

const LIST = 'list.json';
const INFO = 'info.json';
/** `borg info --json <repo>::<newest archive>`: the only place borg says which paths it backed up. */
const ARCHIVE = 'archive.json';

const RepositorySchema = z.object({ id: z.string(), location: z.string().optional(), last_modified: z.string().optional() });
/** `encryption` is absent from old borg's output (and `mode` varies: none, repokey, repokey-blake2, keyfile, authenticated…). */
const EncryptionSchema = z.object({ mode: z.string() }).nullable().optional();
const ListSchema = z.object({
  archives: z.array(z.object({ name: z.string(), id: z.string().optional(), start: z.string().optional(), time: z.string() })),
  repository: RepositorySchema,
  encryption: EncryptionSchema,
});
const InfoSchema = z.object({ repository: RepositorySchema, encryption: EncryptionSchema });
const ArchiveInfoSchema = z.object({
  archives: z.array(z.object({
    name: z.string(),
    hostname: z.string().default(''),
    command_line: z.array(z.string()).default([]),
    start: z.string().optional(),
  })).min(1),
});

/** The repository as it may appear in ids, attributes and messages. */
function publicRepository(repository: string): string {
  return stripUrlCredentials(repository);
}

function where(config: BorgConfig): string {
  return publicRepository(config.repository);
}

function explain(stderr: string, config: BorgConfig): string {
  const repo = where(config);
  if (/timed out/i.test(stderr)) return `borg timed out on ${repo}: is the repository reachable, or locked by a running backup?`;
  if (/is not installed or not on PATH/.test(stderr)) return 'borg is not installed on this machine: install it (`apt-get install borgbackup`).';
  if (/passphrase supplied in .* is incorrect|passphrase.*incorrect|PassphraseWrong/i.test(stderr)) {
    return `repository ${repo} rejected the passphrase${config.passphraseEnv ? ` in $${config.passphraseEnv}` : ' (no passphraseEnv configured)'}: check that it holds this repository's passphrase.`;
  }
  if (/does not exist|is not a valid repository|Repository .* not found/i.test(stderr)) return `there is no borg repository at ${repo}: check repository (path or URL), and that the storage is mounted.`;
  if (/Failed to create\/acquire the lock|lock/i.test(stderr)) return `the repository ${repo} is locked (a backup running, or a stale lock: \`borg break-lock\` if none runs).`;
  if (/Connection closed by remote host|ssh|Remote: /i.test(stderr)) return `borg could not reach ${repo} over ssh: check that \`ssh\` to that host works without a prompt.`;
  return `borg could not read ${repo}. Run \`borg list ${repo}\` by hand to see why.`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function fetchBorg(config: BorgConfig, ctx: FetchContext): Promise<RawOutput> {
  const passphrase = config.passphraseEnv ? ctx.env[config.passphraseEnv] : '';
  if (config.passphraseEnv && !passphrase) {
    throw new Error(`borg source ${config.name}: $${config.passphraseEnv} (passphraseEnv) is not set or empty; export the passphrase of ${where(config)} before pulling.`);
  }
  // The passphrase goes through the environment only (never argv: visible in `ps` and error
  // messages). BORG_PASSCOMMAND / BORG_PASSPHRASE_FD are blanked so an inherited one cannot win; an
  // empty BORG_PASSPHRASE makes borg fail instead of prompting on a terminal.
  const env = {
    BORG_PASSPHRASE: passphrase ?? '', BORG_PASSCOMMAND: '', BORG_PASSPHRASE_FD: '',
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes', BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
  };
  const run = async (args: string[], what: string, schema: z.ZodType): Promise<string> => {
    let stdout: string;
    try {
      stdout = await ctx.run('borg', args, { timeout: config.timeoutMs ?? 300_000, env });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message ?? error);
      let detail = stripUrlCredentials(stderr.trim().split('\n').map((l) => l.trim()).filter(Boolean).slice(-2).join(' '));
      if (passphrase) detail = detail.split(passphrase).join(REDACTED);
      // No `cause`: borg's own message may quote the repository location with its credentials.
      throw new Error(`borg source ${config.name}: ${explain(stderr, config)}${detail ? ` (${detail})` : ''}`);
    }
    const parsed = schema.safeParse(safeJson(stdout));
    if (!parsed.success) {
      const html = /^\s*</.test(stdout) ? ' (it looks like an HTML page)' : '';
      throw new Error(`borg source ${config.name}: \`${what}\` printed something that is not borg's JSON${html}; check that \`borg\` is BorgBackup 1.1 or later. Output began: ${JSON.stringify(stdout.slice(0, 80))}`);
    }
    return stdout;
  };
  const list = await run(['list', '--json', config.repository], `borg list --json ${where(config)}`, ListSchema);
  const info = await run(['info', '--json', config.repository], `borg info --json ${where(config)}`, InfoSchema);
  const raw: RawOutput = { [LIST]: list, [INFO]: info };
  const newest = newestArchive(ListSchema.parse(JSON.parse(list)).archives);
  if (newest) raw[ARCHIVE] = await run(['info', '--json', `${config.repository}::${newest.name}`], `borg info --json ${where(config)}::${newest.name}`, ArchiveInfoSchema);
  return raw;
}

type ArchiveEntry = z.infer<typeof ListSchema>['archives'][number];

/** Borg 1.x prints local times without a zone (`2018-11-04T23:19:15.000000`); compared as written. */
function newestArchive(archives: ArchiveEntry[]): ArchiveEntry | undefined {
  return [...archives].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).at(-1);
}

/** Count and newest time of the archives in `borg list --json` output. */
export function summarizeList(text: string): { archives: number; latest: string | null; repositoryId: string; encryption: string | null } {
  const list = ListSchema.parse(JSON.parse(text));
  return { archives: list.archives.length, latest: newestArchive(list.archives)?.time ?? null, repositoryId: list.repository.id, encryption: list.encryption?.mode ?? null };
}

/** Options of `borg create` that take a value, so the value is not taken for a path. */
const VALUE_OPTIONS = new Set(['-e', '--exclude', '--exclude-from', '--pattern', '--patterns-from', '--comment', '--timestamp', '-C', '--compression',
  '--chunker-params', '--checkpoint-interval', '--files-cache', '--upload-ratelimit', '--upload-buffer', '--paths-from-command', '--paths-delimiter', '--stdin-name', '--stdin-user', '--stdin-group', '--stdin-mode', '--remote-path', '--rsh', '--lock-wait']);

/** The paths of `borg create … <repo>::<name> <path>…`: arguments after the archive, options and their values left out. */
export function backedUpPaths(commandLine: string[]): string[] {
  const at = commandLine.findIndex((a) => a.includes('::'));
  if (at < 0) return [];
  const paths: string[] = [];
  for (let i = at + 1; i < commandLine.length; i++) {
    const a = commandLine[i]!;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    paths.push(a);
  }
  return paths;
}

/**
 * One `backup` entity per (host, path) of the newest archive, like restic: borg's archive list
 * does not say what each archive holds, so the paths come from the newest archive's command line.
 */
export function parseBorg(raw: RawOutput, config: BorgConfig): Observation {
  const fail = (what: string) => new Error(`borg source ${config.name}: ${what}; re-record it.`);
  const read = <T>(file: string, schema: z.ZodType<T>): T => {
    const text = raw[file];
    if (text === undefined) throw fail(`raw output has no ${file}`);
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) throw fail(`${file} is not the JSON borg prints (${parsed.error.issues[0]?.path.join('.') || 'not JSON'}: ${parsed.error.issues[0]?.message})`);
    return parsed.data;
  };
  const list = read(LIST, ListSchema);
  const info = raw[INFO] === undefined ? undefined : read(INFO, InfoSchema);
  if (list.archives.length === 0) return { entities: [], edges: [] };
  const archive = read(ARCHIVE, ArchiveInfoSchema).archives[0]!;
  const newest = newestArchive(list.archives)!;
  const repository = publicRepository(config.repository);
  const host = config.host ?? (archive.hostname || 'unknown');
  const encryption = info?.encryption?.mode ?? list.encryption?.mode ?? null;
  const entities: EntityInput[] = [...new Set(backedUpPaths(archive.command_line))].map((p) => ({
    id: ids.backup('borg', repository, host, p),
    kind: 'backup',
    name: `${host}:${p}`,
    status: 'up',
    sources: [config.name],
    aliases: [],
    attributes: { tool: 'borg', repository, host, path: p, latest: newest.time, archives: list.archives.length, encryption },
  }));
  return { entities: entities.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), edges: [] };
}

// borg's JSON holds the repository id and location, archive names, host and user names and paths,
// never the passphrase or key; sanitize only strips credentials from the location (an `ssh://user:pw@`).
export const borgCollector: Collector<BorgConfig> = {
  type: 'borg',
  configSchema: BorgConfigSchema,
  fetch: fetchBorg,
  parse: parseBorg,
  sanitize: (raw) => Object.fromEntries(Object.entries(raw).map(([file, text]) => [file, stripUrlCredentials(text)])),
};
