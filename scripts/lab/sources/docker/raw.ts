import type { RawOutput } from '../../collector.ts';

/**
 * The parts of Docker's JSON the collector reads. Everything is optional: the shapes differ
 * between Engine versions (20.10 … 28), and a field a version lacks must not break a pull.
 */
export interface DockerInfo {
  Name?: string;
  ServerVersion?: string;
  OperatingSystem?: string;
  KernelVersion?: string;
  ServerErrors?: string[] | null;
  HttpProxy?: string;
  HttpsProxy?: string;
  Labels?: string[] | null;
}

export interface PortBinding { HostIp?: string; HostPort?: string }

export interface ContainerMount {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
}

export interface ContainerEndpoint { Aliases?: string[] | null; DNSNames?: string[] | null }

export interface ContainerInspect {
  Id: string;
  Name: string;
  Created?: string;
  Path?: string;
  Args?: string[] | null;
  Image?: string;
  State?: {
    Status?: string;
    Running?: boolean;
    StartedAt?: string;
    Health?: { Status?: string; FailingStreak?: number; Log?: unknown[] | null } | null;
  };
  HostConfig?: {
    NetworkMode?: string;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    PortBindings?: Record<string, PortBinding[] | null> | null;
    Tmpfs?: Record<string, string> | null;
    Links?: string[] | null;
  };
  Config?: {
    Image?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Healthcheck?: { Test?: string[] | null } | null;
  };
  Mounts?: ContainerMount[] | null;
  NetworkSettings?: {
    Ports?: Record<string, PortBinding[] | null> | null;
    Networks?: Record<string, ContainerEndpoint | null> | null;
  };
}

export interface ImageInspect { Id: string; RepoDigests?: string[] | null; RepoTags?: string[] | null }

export interface VolumeInspect { Name: string; Driver?: string; Mountpoint?: string; Labels?: Record<string, string> | null; Options?: Record<string, string> | null }

export interface NetworkInspect {
  Name: string;
  Id?: string;
  Driver?: string;
  IPAM?: { Config?: { Subnet?: string }[] | null } | null;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
}

/** Raw file names: what `fetch` writes and `--record` stores. */
export const RAW_FILES = {
  info: 'info.json',
  containers: 'containers.json',
  images: 'images.json',
  volumes: 'volumes.json',
  networks: 'networks.json',
} as const;

export interface DockerRaw {
  info: DockerInfo;
  containers: ContainerInspect[];
  images: ImageInspect[];
  volumes: VolumeInspect[];
  networks: NetworkInspect[];
}

function readJson(raw: RawOutput, file: string, fallback: unknown): unknown {
  const text = raw[file];
  if (text === undefined || text.trim() === '') {
    if (fallback === undefined) throw new Error(`Docker raw output has no ${file}: re-record it with \`--record\` (fetch writes ${Object.values(RAW_FILES).join(', ')}).`);
    return fallback;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Docker raw output ${file} is not valid JSON (${(error as Error).message}): re-record it with \`--record\`.`, { cause: error });
  }
}

function readArray<T>(raw: RawOutput, file: string): T[] {
  const value = readJson(raw, file, []);
  if (!Array.isArray(value)) throw new Error(`Docker raw output ${file} must be a JSON array (what \`docker … inspect\` prints); re-record it with \`--record\`.`);
  return value as T[];
}

/** Reads the raw files; `info.json` is required, the lists default to empty (a daemon with no containers). */
export function readDockerRaw(raw: RawOutput): DockerRaw {
  const info = readJson(raw, RAW_FILES.info, undefined);
  if (info === null || typeof info !== 'object' || Array.isArray(info)) throw new Error(`Docker raw output ${RAW_FILES.info} must be the object \`docker info --format '{{json .}}'\` prints.`);
  return {
    info: info as DockerInfo,
    containers: readArray<ContainerInspect>(raw, RAW_FILES.containers),
    images: readArray<ImageInspect>(raw, RAW_FILES.images),
    volumes: readArray<VolumeInspect>(raw, RAW_FILES.volumes),
    networks: readArray<NetworkInspect>(raw, RAW_FILES.networks),
  };
}

/** Docker's names are `/web`; ids and messages use `web`. */
export function containerName(c: ContainerInspect): string {
  return c.Name.replace(/^\//, '');
}

/** Networks Docker creates itself: never user-defined, never evidence of anything. */
export const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none']);

export const COMPOSE = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  dependsOn: 'com.docker.compose.depends_on',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
} as const;
