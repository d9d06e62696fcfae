import { z } from 'astro/zod';
import { TlsOptionsSchema } from '../../https-get.ts';

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, not its value');

export const ProxmoxConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('proxmox'),
  /** API base, `https://pve1:8006`; `/api2/json/...` is appended. */
  url: z.url()
    .refine((u) => /^https:\/\//i.test(u), 'must be an https:// URL (the Proxmox API is HTTPS only, usually port 8006)')
    .refine((u) => !/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(u), 'must not contain credentials: name the token env vars in tokenIdEnv and tokenSecretEnv'),
  /** Env var holding the API token id, `user@realm!tokenid`; read at fetch time, never stored. */
  tokenIdEnv: EnvName,
  /** Env var holding the API token's secret (a UUID); read at fetch time, never stored. */
  tokenSecretEnv: EnvName,
  /** How to trust the API's certificate (Proxmox's own is self-signed by the cluster CA). */
  tls: TlsOptionsSchema.optional(),
  /**
   * NetBox site slug the cluster's VLAN tags belong to, so a Proxmox VLAN and NetBox's VLAN of that
   * site are one entity (`network:vlan/<site>/<vid>`). Default `global`: NetBox's VLANs without a site.
   */
  vlanSite: z.string().min(1).default('global'),
});
export type ProxmoxConfig = z.infer<typeof ProxmoxConfigSchema>;

/** Raw output files: the API's answers as is. */
export const FILES = {
  status: 'cluster-status.json',
  resources: 'cluster-resources.json',
  ha: 'ha-resources.json',
  backup: 'backup-jobs.json',
  /** `GET /nodes/{node}/network` of each node: `network-<node>.json`. */
  network: (node: string) => `network-${node}.json`,
  /** `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`, reduced to the NIC keys: `config-<type>-<vmid>.json`. */
  guestConfig: (type: string, vmid: number | string) => `config-${type}-${vmid}.json`,
  /** Written by fetch, not by the API: optional endpoints it could not read, and why. */
  notes: 'fetch-notes.json',
} as const;
