import type { Collector } from './collector.ts';
import { ansibleCollector } from './sources/ansible.ts';
import { borgCollector } from './sources/borg.ts';
import { caddyCollector } from './sources/caddy.ts';
import { composeFileCollector } from './sources/compose-file.ts';
import { dockerCollector } from './sources/docker.ts';
import { kubernetesCollector } from './sources/kubernetes.ts';
import { linuxHostCollector } from './sources/linux-host.ts';
import { netboxCollector } from './sources/netbox.ts';
import { nodeExporterCollector } from './sources/node-exporter.ts';
import { prometheusCollector } from './sources/prometheus.ts';
import { proxmoxCollector } from './sources/proxmox.ts';
import { resticCollector } from './sources/restic.ts';
import { tailscaleCollector } from './sources/tailscale.ts';
import { tlsCollector } from './sources/tls.ts';
import { traefikCollector } from './sources/traefik.ts';
import { wireguardCollector } from './sources/wireguard.ts';

/** Every source type `content/lab/sources.yaml` may name. One file per type under sources/. */
export const COLLECTORS = [
  dockerCollector, linuxHostCollector, ansibleCollector, proxmoxCollector, kubernetesCollector, prometheusCollector, nodeExporterCollector,
  caddyCollector, traefikCollector, resticCollector, borgCollector, tailscaleCollector, wireguardCollector, tlsCollector, netboxCollector, composeFileCollector,
] as const;

// The union's members have different config types; at this level only name and type matter.
export type AnyCollector = Collector<{ name: string; type: string }>;

export function collectorFor(type: string): AnyCollector {
  const found = (COLLECTORS as readonly AnyCollector[]).find((c) => c.type === type);
  if (!found) throw new Error(`unknown source type "${type}"; known types: ${COLLECTORS.map((c) => c.type).join(', ')}`);
  return found;
}
