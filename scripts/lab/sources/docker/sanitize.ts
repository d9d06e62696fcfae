import type { RawOutput } from '../../collector.ts';
import { looksSecret, REDACTED, stripUrlCredentials } from '../../redact.ts';
import { redactArgs, redactOptionString } from './container.ts';
import { buildNameIndex, envEntries, matchingTokens } from './deps.ts';
import { RAW_FILES, readDockerRaw, type ContainerInspect } from './raw.ts';

/**
 * Raw Docker output as `--record` may write it to disk. `docker inspect` holds every environment
 * value and label in clear; what is kept is exactly what `parse` needs, so replaying the
 * sanitized raw gives the same observation as parsing the original.
 */

function redactMap(map: Record<string, string> | null | undefined): Record<string, string> | null | undefined {
  if (!map) return map;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, redactOptionString(k, String(v))]));
}

/**
 * Every string: URL credentials stripped; every value under a secret-looking key redacted.
 * Value patterns are not applied here: they would redact container and image ids (long hex).
 */
function scrub(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return key && looksSecret(key, '') ? REDACTED : stripUrlCredentials(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
  }
  return value;
}

function sanitizeContainer(c: ContainerInspect, index: ReturnType<typeof buildNameIndex>): ContainerInspect {
  const copy = structuredClone(c);
  if (copy.Config) {
    // Only the host names in a value that name another container survive: `DATABASE_URL=postgres`.
    copy.Config.Env = envEntries(c).map(([name, value]) => `${name}=${matchingTokens(index, value, c).join(',')}`);
    copy.Config.Labels = redactMap(copy.Config.Labels);
    if (copy.Config.Cmd) copy.Config.Cmd = redactArgs(copy.Config.Cmd);
    if (copy.Config.Entrypoint) copy.Config.Entrypoint = redactArgs(copy.Config.Entrypoint);
    if (copy.Config.Healthcheck?.Test) copy.Config.Healthcheck.Test = redactArgs(copy.Config.Healthcheck.Test);
  }
  if (copy.Path !== undefined) {
    // Redacted together, as `parse` builds the command line: a secret flag in Path hides Args[0].
    const [path = '', ...args] = redactArgs([copy.Path, ...(copy.Args ?? [])]);
    copy.Path = path;
    copy.Args = args;
  }
  // Health check output is whatever the check printed: never needed, possibly secret.
  if (copy.State?.Health) copy.State.Health.Log = [];
  const logConfig = (copy.HostConfig as { LogConfig?: { Config?: Record<string, string> } } | undefined)?.LogConfig;
  if (logConfig?.Config) logConfig.Config = redactMap(logConfig.Config) ?? {}; // splunk-token, awslogs credentials …
  return copy;
}

function json(value: unknown): string {
  return `${JSON.stringify(scrub(value), null, 2)}\n`;
}

export function sanitizeDocker(raw: RawOutput): RawOutput {
  const { info, containers, images, volumes, networks } = readDockerRaw(raw);
  const index = buildNameIndex(containers);
  const daemonLabels = (info.Labels ?? []).map((label) => {
    const eq = label.indexOf('=');
    return eq < 0 ? label : `${label.slice(0, eq)}=${redactOptionString(label.slice(0, eq), label.slice(eq + 1))}`;
  });
  return {
    [RAW_FILES.info]: json({ ...info, Labels: daemonLabels }),
    [RAW_FILES.containers]: json(containers.map((c) => sanitizeContainer(c, index))),
    // Image config carries the image's own ENV values and labels: only the ids and digests are needed.
    [RAW_FILES.images]: json(images.map((i) => ({ Id: i.Id, RepoTags: i.RepoTags ?? [], RepoDigests: i.RepoDigests ?? [] }))),
    [RAW_FILES.volumes]: json(volumes.map((v) => ({ ...v, Labels: redactMap(v.Labels), Options: redactMap(v.Options) }))),
    [RAW_FILES.networks]: json(networks.map((n) => ({ ...n, Labels: redactMap(n.Labels), Options: redactMap(n.Options) }))),
  };
}
