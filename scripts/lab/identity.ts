import { isIP } from 'node:net';

/**
 * One machine seen by several sources must be one entity. Host names are compared
 * lower-cased, without a trailing dot and without their domain (`NAS.lab.example.` → `nas`);
 * addresses are kept as they are and become aliases.
 */
export function normalizeHostName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\.$/, '');
  if (isIP(n) || isIP(n.replace(/^\[|\]$/g, ''))) return n.replace(/^\[|\]$/g, '');
  return n.split('.')[0] ?? n;
}

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
  composeService: (project: string, service: string) => `service:${segment(project)}/${segment(service)}`,
  route: (hostname: string) => `route:${segment(hostname.toLowerCase())}`,
  backup: (tool: string, repository: string, host: string, path: string) => `backup:${tool}:${segment(repository)}/${normalizeHostName(host)}:${segment(path)}`,
  target: (job: string, instance: string) => `target:${segment(job)}/${segment(instance)}`,
};
