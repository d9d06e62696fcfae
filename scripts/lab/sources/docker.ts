import { z } from 'astro/zod';
import type { Collector, FetchContext, RawOutput } from '../collector.ts';
import { stripUrlCredentials } from '../redact.ts';
import { parseDocker } from './docker/parse.ts';
import { RAW_FILES, type ContainerInspect, type DockerInfo } from './docker/raw.ts';
import { sanitizeDocker } from './docker/sanitize.ts';

/** A Docker Engine, read with the `docker` CLI: containers, volumes, bind mounts, networks, Compose services. */
export const DockerConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('docker'),
  /** `unix:///var/run/docker.sock`, `tcp://nas:2376`, `ssh://user@nas`. Default: DOCKER_HOST, else the CLI's default (local socket or current context). */
  endpoint: z
    .string()
    .regex(/^(unix|tcp|ssh|npipe|fd):\/\/\S+$/, { error: 'a Docker endpoint like unix:///var/run/docker.sock, tcp://nas:2376 or ssh://user@nas' })
    .optional(),
  /** Host name the containers run on. Default: the daemon's own name (`docker info` → Name). */
  host: z.string().min(1).optional(),
});
export type DockerConfig = z.infer<typeof DockerConfigSchema>;

/** `docker info` is the liveness probe: short. Inspecting hundreds of containers over ssh is not. */
const PROBE_TIMEOUT = 30_000;
const LIST_TIMEOUT = 60_000;

interface Docker {
  /** The endpoint in use (credentials stripped), or '' for the CLI's default. */
  endpoint: string;
  /** The endpoint as messages name it. */
  label: string;
  run(args: readonly string[], timeout?: number): Promise<string>;
}

function connect(config: DockerConfig, ctx: FetchContext): Docker {
  const fromEnv = ctx.env['DOCKER_HOST'];
  const endpoint = config.endpoint ?? fromEnv ?? '';
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) env[k] = v;
  if (endpoint) env['DOCKER_HOST'] = endpoint;
  const label = endpoint ? stripUrlCredentials(endpoint) : 'the default Docker endpoint (unix:///var/run/docker.sock or the current `docker context`)';
  return {
    endpoint: endpoint ? stripUrlCredentials(endpoint) : '',
    label,
    run: async (args, timeout = LIST_TIMEOUT) => {
      try {
        return await ctx.run('docker', endpoint ? ['--host', endpoint, ...args] : args, { env, timeout });
      } catch (error) {
        throw new Error(`Docker source "${ctx.source}": \`docker ${args.join(' ')}\` against ${label} failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

/** `docker info` fails (or, in newer CLIs, prints ServerErrors) when no daemon answers: say where and what to try. */
async function probe(docker: Docker, config: DockerConfig): Promise<string> {
  const hint = (why: string, cause?: unknown) =>
    new Error(
      `Docker source "${config.name}": cannot reach the Docker daemon at ${docker.label}: ${why}\n` +
        `Is dockerd running there? Try \`${docker.endpoint ? `DOCKER_HOST=${docker.endpoint} ` : ''}docker info\`; ` +
        'for a socket, check its permissions (docker group); for ssh://, check `ssh user@host docker info` works without a password prompt; ' +
        `or set \`endpoint:\` for "${config.name}" in content/lab/sources.yaml.`,
      { cause },
    );
  let text: string;
  try {
    text = await docker.run(['info', '--format', '{{json .}}'], PROBE_TIMEOUT);
  } catch (error) {
    const command = (error as Error).cause; // the CommandError: command, exit code, stderr
    throw hint(command instanceof Error ? command.message : (error as Error).message, error);
  }
  let info: DockerInfo;
  try {
    info = JSON.parse(text) as DockerInfo;
  } catch {
    throw hint('`docker info --format \'{{json .}}\'` did not print JSON; run it by hand to see what it prints'); // no excerpt: it may hold proxy credentials
  }
  if (info.ServerErrors?.length || !info.ServerVersion) throw hint(info.ServerErrors?.join('; ') || '`docker info` reported no server version');
  return text;
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** `ls` then `inspect`; one retry because an object removed between the two makes `inspect` fail. */
async function listAndInspect(docker: Docker, list: string[], inspect: string[]): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const found = lines(await docker.run(list));
    if (found.length === 0) return '[]\n';
    try {
      return await docker.run([...inspect, ...found]);
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

async function fetchDocker(config: DockerConfig, ctx: FetchContext): Promise<RawOutput> {
  const docker = connect(config, ctx);
  const info = await probe(docker, config);
  const [containers, volumes, networks] = await Promise.all([
    listAndInspect(docker, ['ps', '-aq', '--no-trunc'], ['container', 'inspect']),
    listAndInspect(docker, ['volume', 'ls', '-q'], ['volume', 'inspect']),
    listAndInspect(docker, ['network', 'ls', '-q', '--no-trunc'], ['network', 'inspect']),
  ]);
  // RepoDigests live on the image, not the container: inspect the images the containers use.
  let inspected: ContainerInspect[];
  try {
    inspected = JSON.parse(containers) as ContainerInspect[];
  } catch {
    throw new Error(`Docker source "${config.name}": \`docker container inspect\` against ${docker.label} did not print JSON (is \`docker\` an alias or wrapper?); run it by hand to see what it prints.`); // its output holds env values: never in a message
  }
  const imageIds = [...new Set(inspected.map((c) => c.Image).filter((i): i is string => !!i))];
  const images = imageIds.length ? await docker.run(['image', 'inspect', ...imageIds]) : '[]\n';
  return {
    [RAW_FILES.info]: info,
    [RAW_FILES.containers]: containers,
    [RAW_FILES.images]: images,
    [RAW_FILES.volumes]: volumes,
    [RAW_FILES.networks]: networks,
  };
}

export const dockerCollector: Collector<DockerConfig> = {
  type: 'docker',
  configSchema: DockerConfigSchema,
  fetch: fetchDocker,
  parse: (raw, config) => parseDocker(raw, config),
  sanitize: (raw) => sanitizeDocker(raw),
};
