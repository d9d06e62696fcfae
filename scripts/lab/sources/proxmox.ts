import type { Collector, RawOutput } from '../collector.ts';
import { redactJsonFiles } from '../redact.ts';
import { ProxmoxConfigSchema, type ProxmoxConfig } from './proxmox/config.ts';
import { fetchProxmox } from './proxmox/fetch.ts';
import { parseProxmox } from './proxmox/parse.ts';

export { ProxmoxConfigSchema, type ProxmoxConfig } from './proxmox/config.ts';
export { fetchProxmox, type ProxmoxFetchOptions } from './proxmox/fetch.ts';
export { parseProxmox, splitTags } from './proxmox/parse.ts';

/**
 * Cluster status and resources rarely hold secrets, but backup jobs can carry notification
 * settings and free-text notes, and interfaces comments (guest configs are cut to their NICs by fetch): every JSON answer goes through `redactDeep` before `--record`.
 */
export function sanitizeProxmox(raw: RawOutput): RawOutput {
  return redactJsonFiles(raw, Object.keys(raw).filter((f) => f.endsWith('.json')));
}

export const proxmoxCollector: Collector<ProxmoxConfig> = {
  type: 'proxmox',
  configSchema: ProxmoxConfigSchema,
  fetch: (config, ctx) => fetchProxmox(config, ctx),
  parse: parseProxmox,
  sanitize: sanitizeProxmox,
};
