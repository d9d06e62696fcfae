import { normalizeHostName } from '../../src/lib/lab/host-identity.ts';

// One rule for host names, shared with the merge step that reads the snapshots.
export { normalizeHostName };

/** Characters allowed in an id segment: anything but whitespace; `/` separates parent and child. */
function segment(s: string): string {
  return s.trim().replace(/\s+/g, '-');
}

export const ids = {
  host: (name: string) => `host:${normalizeHostName(name)}`,
  container: (host: string, name: string) => `container:${normalizeHostName(host)}/${segment(name.replace(/^\//, ''))}`,
  volume: (host: string, name: string) => `volume:${normalizeHostName(host)}/${segment(name)}`,
  bindMount: (host: string, path: string) => `bind-mount:${normalizeHostName(host)}:${segment(path)}`,
  network: (host: string, name: string) => `network:${normalizeHostName(host)}/${segment(name)}`,
  /** A VLAN segment, shared by every source that sees it (NetBox, Proxmox): `<site>` is a NetBox site slug or `global`. */
  vlan: (site: string, vid: number) => `network:vlan/${segment(site)}/${vid}`,
  composeService: (project: string, service: string) => `service:${segment(project)}/${segment(service)}`,
  route: (hostname: string) => `route:${segment(hostname.toLowerCase())}`,
  backup: (tool: string, repository: string, host: string, path: string) => `backup:${tool}:${segment(repository)}/${normalizeHostName(host)}:${segment(path)}`,
  target: (job: string, instance: string) => `target:${segment(job)}/${segment(instance)}`,
};
