import type { RawOutput } from '../../lab/collector.ts';
import type { Random } from '../random.ts';
import type { PlannedContainer, PlannedHost } from './plan.ts';

/**
 * What `docker info`, `docker container inspect`, `image inspect`, `volume inspect` and
 * `network inspect` print for one host of the plan, in the shape Docker Engine 27 prints
 * (field for field like the recording in content/lab/recorded/docker-nas), as `--record` saves it.
 */

const CREATED = '2026-10-01T08:00:00.000000000Z';
const ZERO = '0001-01-01T00:00:00Z';
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function info(host: PlannedHost, c: PlannedContainer[], rng: Random) {
  const running = c.filter((x) => x.status === 'running').length;
  return {
    ID: rng.hex(8).toUpperCase(), Containers: c.length, ContainersRunning: running, ContainersPaused: 0, ContainersStopped: c.length - running,
    Images: new Set(c.map((x) => x.spec.image)).size, Driver: 'overlay2', DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'], Log: ['json-file', 'journald', 'local'] },
    MemoryLimit: true, SwapLimit: true, CpuCfsPeriod: true, CpuCfsQuota: true, CPUShares: true, CPUSet: true, PidsLimit: true, IPv4Forwarding: true,
    Debug: false, NFd: 40 + c.length * 6, OomKillDisable: false, NGoroutines: 50 + c.length * 4, SystemTime: CREATED, LoggingDriver: 'json-file',
    CgroupDriver: 'systemd', CgroupVersion: '2', NEventsListener: 0, KernelVersion: '6.1.0-26-amd64', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    OSVersion: '12', OSType: 'linux', Architecture: 'x86_64', IndexServerAddress: 'https://index.docker.io/v1/', NCPU: rng.pick([4, 8, 16]),
    MemTotal: rng.pick([8, 16, 32]) * 1024 ** 3, DockerRootDir: '/var/lib/docker', HttpProxy: '', HttpsProxy: '', NoProxy: '', Name: host.name,
    Labels: [], ExperimentalBuild: false, ServerVersion: '27.3.1', DefaultRuntime: 'runc', LiveRestoreEnabled: false, Isolation: '',
    InitBinary: 'docker-init', SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'], Warnings: null,
  };
}

const imageId = (c: PlannedContainer) => `sha256:${hash64(`${c.spec.image}:${c.spec.tag}`)}`;

/** A stable 64-hex digest of a text (image ids must agree between containers and images). */
function hash64(text: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ round, 2246822507) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

function inspect(c: PlannedContainer, index: number, id: string, netId: string, rng: Random) {
  const s = c.spec;
  const network = `${c.project}_default`;
  const running = c.status === 'running';
  const portMap = Object.fromEntries((s.ports ?? []).map(([h, p]) => [`${p}/tcp`, [{ HostIp: '0.0.0.0', HostPort: String(h) }, { HostIp: '::', HostPort: String(h) }]]));
  const mounts = [
    ...(s.volumes ?? []).map(([name, dest]) => ({ Type: 'volume', Name: `${c.project}_${name}`, Source: `/var/lib/docker/volumes/${c.project}_${name}/_data`, Destination: dest, Driver: 'local', Mode: 'z', RW: true, Propagation: '' })),
    ...(s.binds ?? []).map(([src, dest]) => ({ Type: 'bind', Source: src.startsWith('/') ? src : `/srv/${c.project}/${src}`, Destination: dest, Mode: '', RW: !src.startsWith('/'), Propagation: 'rprivate' })),
  ];
  const labels: Record<string, string> = {
    'com.docker.compose.config-hash': rng.hex(64), 'com.docker.compose.container-number': '1', 'com.docker.compose.image': imageId(c),
    'com.docker.compose.oneoff': 'False', 'com.docker.compose.project': c.project, 'com.docker.compose.project.config_files': `/srv/${c.project}/compose.yaml`,
    'com.docker.compose.project.working_dir': `/srv/${c.project}`, 'com.docker.compose.service': s.service, 'com.docker.compose.version': '2.29.7',
    // Most of a fleet is production; scratch stacks are sandboxes (what drills may break freely).
    'scarbook.mode': c.project === 'queue' || c.project === 'storage' ? 'sandbox' : 'production',
  };
  if (s.dependsOn?.length) labels['com.docker.compose.depends_on'] = s.dependsOn.map((d) => `${d}:service_started:false`).join(',');
  const ip = `172.${18 + (index % 10)}.0.${(index % 250) + 2}`;
  return {
    Id: id, Created: CREATED, Path: s.command?.[0] ?? '/docker-entrypoint.sh', Args: s.command?.slice(1) ?? [],
    State: {
      Status: c.status, Running: running, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: running ? 1000 + index : 0,
      ExitCode: running ? 0 : 137, Error: '', StartedAt: '2026-10-01T08:00:05.000000000Z', FinishedAt: running ? ZERO : '2026-10-02T03:14:00.000000000Z',
      ...(s.health ? { Health: { Status: running ? 'healthy' : 'unhealthy', FailingStreak: 0, Log: [] } } : {}),
    },
    Image: imageId(c), ResolvConfPath: `/var/lib/docker/containers/${id}/resolv.conf`, HostnamePath: `/var/lib/docker/containers/${id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${id}/hosts`, LogPath: `/var/lib/docker/containers/${id}/${id}-json.log`, Name: `/${c.name}`,
    RestartCount: 0, Driver: 'overlay2', Platform: 'linux', MountLabel: '', ProcessLabel: '', AppArmorProfile: 'docker-default', ExecIDs: null,
    HostConfig: {
      Binds: (s.binds ?? []).map(([src, dest]) => `${src.startsWith('/') ? src : `/srv/${c.project}/${src}`}:${dest}:rw`), ContainerIDFile: '',
      LogConfig: { Type: 'json-file', Config: {} }, NetworkMode: network, PortBindings: portMap,
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 }, AutoRemove: false, VolumeDriver: '', VolumesFrom: null, CapAdd: null, CapDrop: null,
      CgroupnsMode: 'private', Dns: [], DnsOptions: [], DnsSearch: [], ExtraHosts: [], GroupAdd: null, IpcMode: 'private', Cgroup: '', Links: null,
      OomScoreAdj: 0, PidMode: '', Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null, UTSMode: '', UsernsMode: '',
      ShmSize: 67108864, Runtime: 'runc', Isolation: '', CpuShares: 0, Memory: 0, NanoCpus: 0, CgroupParent: '', BlkioWeight: 0,
      CpuPeriod: 0, CpuQuota: 0, CpusetCpus: '', CpusetMems: '', Devices: null, MemoryReservation: 0, MemorySwap: 0, MemorySwappiness: null,
      OomKillDisable: null, PidsLimit: null, Ulimits: null,
      MaskedPaths: ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap'],
      ReadonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    },
    GraphDriver: { Data: { MergedDir: `/var/lib/docker/overlay2/${id.slice(0, 24)}/merged`, UpperDir: `/var/lib/docker/overlay2/${id.slice(0, 24)}/diff` }, Name: 'overlay2' },
    Mounts: mounts,
    Config: {
      Hostname: id.slice(0, 12), Domainname: '', User: '', AttachStdin: false, AttachStdout: true, AttachStderr: true,
      ExposedPorts: Object.fromEntries((s.ports ?? []).map(([, p]) => [`${p}/tcp`, {}])), Tty: false, OpenStdin: false, StdinOnce: false,
      Env: [...(s.env ?? []), 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `TZ=Europe/Amsterdam`],
      Cmd: s.command ?? null, Image: `${s.image}:${s.tag}`, Volumes: null, WorkingDir: '', Entrypoint: ['/docker-entrypoint.sh'], OnBuild: null, Labels: labels,
      ...(s.health ? { Healthcheck: { Test: ['CMD-SHELL', 'wget -qO- http://127.0.0.1/health || exit 1'] } } : {}),
    },
    NetworkSettings: {
      Bridge: '', SandboxID: rng.hex(64), SandboxKey: `/var/run/docker/netns/${rng.hex(12)}`,
      Ports: running ? portMap : {},
      Networks: {
        [network]: {
          IPAMConfig: null, Links: null, Aliases: [c.name, s.service], MacAddress: `02:42:ac:12:00:${(index % 250).toString(16).padStart(2, '0')}`,
          DriverOpts: null, NetworkID: netId, EndpointID: running ? rng.hex(64) : '', Gateway: running ? ip.replace(/\.\d+$/, '.1') : '', IPAddress: running ? ip : '',
          IPPrefixLen: running ? 16 : 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DNSNames: [c.name, s.service, id.slice(0, 12)],
        },
      },
    },
  };
}

/** Raw output of the Docker source of one host (the files `fetch` writes). */
export function dockerRaw(host: PlannedHost, rng: Random): RawOutput {
  const containers = host.containers;
  const projects = [...new Set(containers.map((c) => c.project))].sort();
  const netIds = new Map(projects.map((p) => [p, rng.hex(64)]));
  const ids = containers.map(() => rng.hex(64));
  const images = [...new Map(containers.map((c) => [imageId(c), c])).values()].map((c) => ({
    Id: imageId(c), RepoTags: [`${c.spec.image}:${c.spec.tag}`], RepoDigests: [`${c.spec.image}@sha256:${hash64(`${c.spec.image}@${c.spec.tag}`)}`],
  }));
  const volumes = [...new Set(containers.flatMap((c) => (c.spec.volumes ?? []).map(([name]) => `${c.project}_${name}`)))].sort().map((Name) => ({
    CreatedAt: '2026-10-01T08:00:00Z', Driver: 'local', Labels: { 'com.docker.compose.project': Name.split('_')[0]!, 'com.docker.compose.volume': Name.split('_').slice(1).join('_') },
    Mountpoint: `/var/lib/docker/volumes/${Name}/_data`, Name, Options: null, Scope: 'local',
  }));
  const networks = projects.map((p, i) => ({
    Name: `${p}_default`, Id: netIds.get(p), Created: CREATED, Scope: 'local', Driver: 'bridge', EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: `172.${18 + i}.0.0/16`, Gateway: `172.${18 + i}.0.1` }] },
    Internal: false, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
    Containers: {}, Options: {}, Labels: { 'com.docker.compose.network': 'default', 'com.docker.compose.project': p, 'com.docker.compose.version': '2.29.7' },
  }));
  return {
    'containers.json': json(containers.map((c, i) => inspect(c, i, ids[i]!, netIds.get(c.project)!, rng))),
    'images.json': json(images),
    'info.json': json(info(host, containers, rng)),
    'networks.json': json(networks),
    'volumes.json': json(volumes),
  };
}
