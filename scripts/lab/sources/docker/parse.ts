import type { Edge, EntityInput, Json } from '../../../../src/schemas/lab.ts';
import type { Observation, RawOutput } from '../../collector.ts';
import { ids } from '../../identity.ts';
import { containerAttributes, containerStatus, mounts, userNetworks } from './container.ts';
import { inferDependencies, networkAliases } from './deps.ts';
import { BUILTIN_NETWORKS, COMPOSE, containerName, readDockerRaw, type ImageInspect } from './raw.ts';

export interface ParseConfig { name: string; host?: string | undefined }

/** Raw Docker output → entities and observed edges. Pure: same raw, same observation. */
export function parseDocker(raw: RawOutput, config: ParseConfig): Observation {
  const { info, containers, images, volumes, networks } = readDockerRaw(raw);
  const daemonName = info.Name?.trim() ?? '';
  const hostName = config.host?.trim() || daemonName;
  if (!hostName) {
    throw new Error(`Docker source "${config.name}": \`docker info\` reported no daemon name; set \`host:\` for this source in content/lab/sources.yaml.`);
  }
  const source = config.name;
  const entities = new Map<string, EntityInput>();
  const edges = new Map<string, Edge>();
  const put = (e: Omit<EntityInput, 'sources'>) => {
    if (!entities.has(e.id)) entities.set(e.id, { ...e, sources: [source] });
  };
  const link = (from: string, to: string, type: Edge['type'], via: string) => {
    const key = `${from}\0${to}\0${type}`;
    const edge = edges.get(key) ?? { from, to, type, evidence: [] };
    if (!edge.evidence.some((e) => e.kind === 'observed' && e.via === via)) edge.evidence.push({ kind: 'observed', source, via });
    edges.set(key, edge);
  };

  const hostId = ids.host(hostName);
  put({
    id: hostId,
    kind: 'host',
    name: hostName,
    status: 'up', // the daemon answered
    aliases: daemonName ? [daemonName] : [], // the daemon's own name: a merge key with other sources
    attributes: { dockerVersion: info.ServerVersion ?? null, os: info.OperatingSystem ?? null, kernel: info.KernelVersion ?? null },
  });

  for (const v of volumes) {
    put({
      id: ids.volume(hostName, v.Name),
      kind: 'volume',
      name: v.Name,
      // Anonymous volumes (`-v /data`, `VOLUME` in a Dockerfile) are lost by `docker rm -v` and `compose down -v`.
      attributes: { driver: v.Driver ?? null, hostPath: v.Mountpoint ?? null, anonymous: /^[0-9a-f]{64}$/.test(v.Name) },
    });
  }
  for (const n of networks) {
    if (BUILTIN_NETWORKS.has(n.Name)) continue;
    put({ id: ids.network(hostName, n.Name), kind: 'network', name: n.Name, attributes: { driver: n.Driver ?? null, subnet: n.IPAM?.Config?.find((c) => c.Subnet)?.Subnet ?? null } });
  }

  const imageById = new Map<string, ImageInspect>(images.map((i) => [i.Id, i]));
  const containerIds = new Map<string, string>(); // Docker id → entity id
  for (const c of containers) {
    const name = containerName(c);
    const id = ids.container(hostName, name);
    containerIds.set(c.Id, id);
    const mode = c.Config?.Labels?.['scarbook.mode'];
    put({
      id,
      kind: 'container',
      name,
      status: containerStatus(c),
      ...(mode === 'production' || mode === 'sandbox' ? { mode } : {}),
      aliases: networkAliases(c).filter((a) => a !== name),
      attributes: containerAttributes(c, imageById),
    });
    link(id, hostId, 'runs-on', 'docker inspect');

    for (const m of mounts(c)) {
      if (m.type === 'volume' && m.source) {
        // A volume a container uses but `volume ls` missed (removed meanwhile, or another driver): still a volume.
        const volumeId = ids.volume(hostName, m.source);
        put({ id: volumeId, kind: 'volume', name: m.source, attributes: { driver: null, hostPath: null, anonymous: /^[0-9a-f]{64}$/.test(m.source) } });
        link(id, volumeId, 'stores-on', `volume mount ${m.destination}`);
      } else if (m.type === 'bind' && m.source) {
        const bindId = ids.bindMount(hostName, m.source);
        put({ id: bindId, kind: 'bind-mount', name: m.source, attributes: { hostPath: m.source } });
        link(id, bindId, 'stores-on', `bind mount ${m.destination}`);
      }
    }
    for (const network of userNetworks(c)) {
      const networkId = ids.network(hostName, network);
      put({ id: networkId, kind: 'network', name: network, attributes: { driver: null, subnet: null } });
      link(id, networkId, 'member-of', 'docker network');
    }
    const labels = c.Config?.Labels ?? {};
    const project = labels[COMPOSE.project];
    const service = labels[COMPOSE.service];
    if (project && service) {
      const serviceId = ids.composeService(project, service);
      put({ id: serviceId, kind: 'service', name: service, attributes: { project } satisfies Record<string, Json> });
      link(id, serviceId, 'member-of', 'compose labels');
    }
  }

  for (const dep of inferDependencies(containers)) {
    const from = containerIds.get(dep.from);
    const to = containerIds.get(dep.to);
    if (from && to && from !== to) link(from, to, 'depends-on', dep.via);
  }

  for (const edge of edges.values()) edge.evidence.sort((a, b) => (a.kind === 'observed' && b.kind === 'observed' ? (a.via ?? '').localeCompare(b.via ?? '') : 0));
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    entities: [...entities.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.type, b.type)),
  };
}
