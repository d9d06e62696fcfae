import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { EntityInput } from '../../../src/schemas/lab.ts';
import { ids } from '../identity.ts';
import { stripUrlCredentials } from '../redact.ts';
import { safeJson } from '../safe-json.ts';

export const ResticConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('restic'),
  /** A path or a restic location (`rest:http://…`, `s3:…`, `sftp:…`). Credentials in it never leave fetch. */
  repository: z.string().min(1),
  /** NAME of the env var holding the repository password; the password is never stored. */
  passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, not its value'),
  /**
   * The lab host the backed-up paths live on, when restic recorded another hostname (restic in a
   * container records the container id unless run with `--host`). Replaces every snapshot's
   * hostname, so leave it unset for a repository several machines back up to.
   */
  host: z.string().min(1).optional(),
});
export type ResticConfig = z.infer<typeof ResticConfigSchema>;

const SNAPSHOTS = 'snapshots.json';

const SnapshotSchema = z.object({
  time: z.string(),
  paths: z.array(z.string()).nullable().default([]),
  hostname: z.string().default(''),
  tags: z.array(z.string()).nullable().optional(),
});
const SnapshotsSchema = z.array(SnapshotSchema).nullable();

/** The repository as it may appear in ids, attributes and messages. */
function publicRepository(repository: string): string {
  // `rest:http://user:pw@host/` → `rest:http://host/`: the URL inside the restic location is stripped.
  return stripUrlCredentials(repository);
}

/** What went wrong, from restic's stderr, phrased as what to do next. */
function explain(stderr: string, config: ResticConfig, repo: string): string {
  if (/wrong password|no key found/i.test(stderr)) {
    return `repository ${repo} rejected the password in $${config.passwordEnv} (restic: wrong password or no key found). Check that $${config.passwordEnv} holds this repository's password.`;
  }
  if (/is not installed or not on PATH/.test(stderr)) return 'restic is not installed on this machine: install it (`apt-get install restic`).';
  // Network failures first: restic then also asks "Is there a repository at the following location?".
  if (/connection refused/i.test(stderr)) return `connection refused for ${repo}: is the rest-server / storage running?`;
  if (/no such host|timed out|i\/o timeout/i.test(stderr)) return `restic could not reach ${repo}: is the storage reachable (DNS, network, mount)?`;
  if (/Is there a repository at the following location|unable to open config file|repository does not exist/i.test(stderr)) {
    return `there is no restic repository at ${repo}: check repository (path or URL), and that the storage is mounted.`;
  }
  return `restic could not list the snapshots of ${repo}. Run \`restic -r ${repo} snapshots\` by hand to see why.`;
}

async function fetchSnapshots(config: ResticConfig, ctx: FetchContext): Promise<RawOutput> {
  const repo = publicRepository(config.repository);
  const password = ctx.env[config.passwordEnv]; // process.env via the runner; never stored
  if (!password) throw new Error(`restic source ${config.name}: $${config.passwordEnv} (passwordEnv) is not set or empty; export the password of ${repo} before pulling.`);
  try {
    // Repository and password go through the environment, never the command line (visible in `ps`,
    // and in error messages). The *_FILE / *_COMMAND variants are blanked so an inherited one
    // cannot take precedence. --no-lock: listing must work while a backup holds the lock, and a
    // collector should never write to a backup repository.
    const stdout = await ctx.run('restic', ['snapshots', '--json', '--no-lock'], {
      timeout: 300_000,
      env: {
        RESTIC_REPOSITORY: config.repository, RESTIC_REPOSITORY_FILE: '',
        RESTIC_PASSWORD: password, RESTIC_PASSWORD_FILE: '', RESTIC_PASSWORD_COMMAND: '',
      },
    });
    if (!SnapshotsSchema.safeParse(safeJson(stdout)).success) throw new Error(`unexpected output (not a JSON list of snapshots): ${stdout.slice(0, 200)}`);
    return { [SNAPSHOTS]: stdout };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message ?? error);
    const detail = stripUrlCredentials(stderr.trim().split('\n').slice(-3).join(' ')).split(password).join('[redacted]');
    // No `cause`: restic's own message may quote the repository location with its credentials.
    throw new Error(`restic source ${config.name}: ${explain(stderr, config, repo)}${detail ? ` (${detail})` : ''}`);
  }
}


interface Group {
  host: string;
  path: string;
  latest: number;
  count: number;
  tags: Set<string>;
}

/**
 * One `backup` entity per (host, path) restic has snapshots of. The merge step matches them to
 * volumes and bind mounts by `attributes.host` (compare with normalizeHostName) and
 * `attributes.path` (the absolute path restic backed up, as seen where restic ran).
 */
export function parseRestic(raw: RawOutput, config: ResticConfig): Observation {
  const text = raw[SNAPSHOTS];
  if (text === undefined) throw new Error(`restic source ${config.name}: raw output has no ${SNAPSHOTS}`);
  const repository = publicRepository(config.repository);
  const groups = new Map<string, Group>();
  for (const s of SnapshotsSchema.parse(JSON.parse(text)) ?? []) {
    const host = config.host ?? (s.hostname || 'unknown');
    const time = Date.parse(s.time);
    for (const p of s.paths ?? []) {
      const key = `${host}\n${p}`;
      const g = groups.get(key) ?? { host, path: p, latest: -Infinity, count: 0, tags: new Set<string>() };
      g.count += 1;
      if (time > g.latest) g.latest = time;
      for (const t of s.tags ?? []) g.tags.add(t);
      groups.set(key, g);
    }
  }
  const entities: EntityInput[] = [...groups.values()].map((g) => ({
    id: ids.backup('restic', repository, g.host, g.path),
    kind: 'backup',
    name: `${g.host}:${g.path}`,
    status: 'up',
    sources: [config.name],
    aliases: [],
    attributes: {
      tool: 'restic',
      repository,
      host: g.host,
      path: g.path,
      latest: Number.isFinite(g.latest) ? new Date(g.latest).toISOString() : null,
      snapshots: g.count,
      tags: [...g.tags].sort(cmp),
    },
  }));
  return { entities: entities.sort((a, b) => cmp(a.id, b.id)), edges: [] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// No sanitize: `snapshots --json` holds paths, host and user names, tags and hashes, never the
// repository location or password.
export const resticCollector: Collector<ResticConfig> = {
  type: 'restic',
  configSchema: ResticConfigSchema,
  fetch: fetchSnapshots,
  parse: parseRestic,
};
