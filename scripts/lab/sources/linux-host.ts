import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { Json } from '../../../src/schemas/lab.ts';
import { ids, normalizeHostName } from '../identity.ts';
import { dnsObservation, resolvers } from './linux-host/dns.ts';
import { parseDf, parseFindmnt, type Filesystem } from './linux-host/filesystems.ts';
import { identifyingAddresses, parseIpJson, parseIpText, parseSs, type Address } from './linux-host/network.ts';
import { scriptCommand, section, splitSections, usable } from './linux-host/script.ts';
import { firstLine, osInfo, parseCpu, parseMemTotal, parseSystemctl, parseUname } from './linux-host/system.ts';

export const LinuxHostConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('linux-host'),
  /** `user@host` (or an ssh_config Host alias) to collect over ssh; absent = the machine running the pull. */
  ssh: z.string().min(1).refine((s) => !s.startsWith('-'), 'must be a destination (user@host), not an option').optional(),
  /** Extra ssh arguments (`['-p', '2222', '-i', '/path/key']`); they override the defaults. */
  sshOptions: z.array(z.string()).optional(),
});
export type LinuxHostConfig = z.infer<typeof LinuxHostConfigSchema>;

/** Long enough for a slow `df` over NFS, short enough that one dead host does not stall a pull. */
const TIMEOUT_MS = 90_000;

function where(config: LinuxHostConfig): string {
  return config.ssh ? `${config.ssh} (over ssh)` : 'this machine';
}

async function fetchHost(config: LinuxHostConfig, ctx: FetchContext): Promise<RawOutput> {
  const { file, args, input } = scriptCommand(config);
  const shown = config.ssh ? `${[file, ...args].join(' ')} < collection script` : 'sh -c <collection script>';
  let stdout: string;
  try {
    stdout = await ctx.run(file, args, { timeout: TIMEOUT_MS, input });
  } catch (error) {
    const hint = config.ssh
      ? 'Check that `ssh ' + config.ssh + ' true` works without a prompt (key in the agent or -i in sshOptions, host key known).'
      : 'The local shell could not run the collection script.';
    throw new Error(`linux-host source ${config.name}: collecting ${where(config)} with \`${shown}\` failed: ${(error as Error).message}\n${hint}`, { cause: error });
  }
  const raw = splitSections(stdout);
  if (!raw['hostname.txt']) {
    throw new Error(`linux-host source ${config.name}: \`${shown}\` on ${where(config)} printed no sections; is its login shell a POSIX sh? Output began: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  return raw;
}

/** A JSON section that does not parse names the source and the file, not just "Unexpected token". */
function readJson<T>(config: LinuxHostConfig, file: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    throw new Error(`linux-host source ${config.name}: ${file} is not the JSON the command prints (${(error as Error).message}); re-record it.`, { cause: error });
  }
}

function filesystems(raw: RawOutput, config: LinuxHostConfig): Filesystem[] {
  const findmnt = section(raw, 'findmnt.json');
  if (!findmnt.error && usable(findmnt)) return readJson(config, 'findmnt.json', findmnt.text, parseFindmnt);
  const df = section(raw, 'df.txt');
  return usable(df) ? parseDf(df.text) : [];
}

function addresses(raw: RawOutput, config: LinuxHostConfig): Address[] {
  const json = section(raw, 'ip-addr.json');
  if (!json.error && usable(json)) return readJson(config, 'ip-addr.json', json.text, parseIpJson);
  return parseIpText(section(raw, 'ip-addr.txt').text);
}

/** Unset optional fields are dropped: snapshots hold JSON, and `undefined` is not JSON. */
function toJson<T>(value: T): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

export function parseHost(raw: RawOutput, config: LinuxHostConfig): Observation {
  const hostname = firstLine(section(raw, 'hostname.txt').text);
  if (!hostname) throw new Error(`linux-host source ${config.name}: hostname.txt is missing or empty in the raw output, so the host cannot be named. Re-record it.`);
  const fqdnSection = section(raw, 'hostname-f.txt');
  // A name without a dot is no FQDN (`hostname -f` prints the short name when there is no domain).
  const reported = (!fqdnSection.error && firstLine(fqdnSection.text)) || hostname;
  const fqdn = reported.includes('.') ? reported.replace(/\.$/, '') : null;
  const name = normalizeHostName(hostname);
  const hostId = ids.host(hostname);
  const addrs = addresses(raw, config);
  const systemctl = section(raw, 'systemctl.txt');
  const resolvectl = section(raw, 'resolvectl.txt');
  const resolvedConf = section(raw, 'resolved-resolv.conf');
  const dns = resolvers({
    resolvConf: section(raw, 'resolv.conf').text,
    resolvectl: usable(resolvectl) ? resolvectl.text : undefined,
    resolvedConf: usable(resolvedConf) ? resolvedConf.text : undefined,
  });
  // A misconfigured host answers `localhost.localdomain`: as a merge key it would join unrelated hosts.
  const fqdnAlias = fqdn && !/^localhost\b/i.test(fqdn) ? [fqdn.toLowerCase()] : [];
  const { kernel, arch } = parseUname(section(raw, 'uname.txt').text);

  const host = {
    id: hostId,
    kind: 'host' as const,
    name,
    status: 'up' as const,
    sources: [config.name],
    aliases: [...new Set([...fqdnAlias, ...identifyingAddresses(addrs)])].filter((a) => a !== name),
    attributes: {
      hostname,
      fqdn,
      os: toJson(osInfo(section(raw, 'os-release.txt').text)),
      kernel,
      arch,
      cpu: toJson(parseCpu(section(raw, 'cpuinfo.txt').text, section(raw, 'nproc.txt').text)),
      memoryBytes: parseMemTotal(section(raw, 'meminfo.txt').text),
      filesystems: toJson(filesystems(raw, config)),
      addresses: toJson(addrs),
      listening: toJson(parseSs(section(raw, 'ss.txt').text)),
      // null, not []: "no systemd here" (containers, Alpine) is not "systemd with no services".
      services: systemctl.error ? null : toJson(parseSystemctl(systemctl.text)),
      dnsResolvers: dns.map((r) => r.address),
    },
  };
  const dnsFacts = dnsObservation(hostId, dns, config.name);
  return { entities: [host, ...dnsFacts.entities], edges: dnsFacts.edges };
}

export const linuxHostCollector: Collector<LinuxHostConfig> = {
  type: 'linux-host',
  configSchema: LinuxHostConfigSchema,
  fetch: fetchHost,
  parse: parseHost,
};
