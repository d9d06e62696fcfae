import type { Edge, Entity } from '../../schemas/lab.ts';
import { isSharedAddress, normalizeHostName } from './host-identity.ts';

export interface Port { containerPort?: number; protocol?: string; hostIp?: string | null; hostPort?: number | string | null }

/** Lookups the inference steps share: entities by id, containers by host, hosts by address. */
export class GraphIndex {
  readonly byId: Map<string, Entity>;
  readonly hostOfEntity = new Map<string, string>();
  readonly hostByAddress = new Map<string, string>();

  constructor(entities: Entity[], edges: Edge[]) {
    this.byId = new Map(entities.map((e) => [e.id, e]));
    for (const e of edges) if (e.type === 'runs-on' && this.byId.get(e.to)?.kind === 'host') this.hostOfEntity.set(e.from, e.to);
    for (const h of entities.filter((x) => x.kind === 'host')) {
      for (const key of [h.name, h.id.slice(5), ...h.aliases]) {
        const k = key.toLowerCase();
        if (!isSharedAddress(k)) this.hostByAddress.set(k, h.id);
        this.hostByAddress.set(normalizeHostName(k), h.id);
      }
    }
  }

  of(kind: Entity['kind']): Entity[] {
    return [...this.byId.values()].filter((e) => e.kind === kind);
  }

  /** The host an address or name belongs to, if any (`192.168.1.10`, `nas.lab.example`). */
  hostAt(address: string): string | undefined {
    const a = address.toLowerCase().replace(/^\[|\]$/g, '');
    return this.hostByAddress.get(a) ?? this.hostByAddress.get(normalizeHostName(a));
  }

  /** Containers on `hostId` that publish `port` (on that address, or on every address). */
  publishing(hostId: string, port: number, address?: string): Entity[] {
    return this.of('container').filter((c) => {
      if (this.hostOfEntity.get(c.id) !== hostId) return false;
      const ports = (c.attributes.ports as Port[] | undefined) ?? [];
      const onHostNetwork = c.attributes.networkMode === 'host';
      const listens = ((c.attributes.listening as { port: number }[] | undefined) ?? []).some((l) => l.port === port);
      return onHostNetwork ? listens || ports.some((p) => p.containerPort === port) : ports.some((p) => Number(p.hostPort) === port && (!address || !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::' || p.hostIp === address));
    });
  }

  /** A container by its name (Compose service names and container names both count). */
  containerNamed(name: string, preferHost?: string): Entity | undefined {
    const matches = this.of('container').filter((c) => c.name === name || (c.attributes.compose as { service?: string } | null)?.service === name);
    return matches.find((c) => this.hostOfEntity.get(c.id) === preferHost) ?? matches[0];
  }
}
