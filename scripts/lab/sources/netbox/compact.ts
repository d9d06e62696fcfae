/**
 * The NetBox endpoints read, and the fields of their objects that `parse` uses. `fetch` keeps only
 * these (custom fields, comments, config contexts and URLs are dropped before anything is written),
 * so the raw files stay small and hold nothing parse does not need.
 */

export const ENDPOINTS = [
  'dcim/sites', 'dcim/racks', 'dcim/devices', 'virtualization/virtual-machines',
  'dcim/interfaces', 'ipam/ip-addresses', 'ipam/vlans', 'ipam/prefixes',
] as const;
export type Endpoint = typeof ENDPOINTS[number];

/** `dcim/devices` → `dcim-devices.json`, one raw file per endpoint. */
export function fileOf(endpoint: Endpoint): string {
  return `${endpoint.replace(/\//g, '-')}.json`;
}

type Obj = Record<string, unknown>;

/** Keys kept of a nested reference (`site`, `rack`, `device`, `primary_ip4`, `status` …). */
const REF_KEYS = ['id', 'name', 'slug', 'vid', 'address', 'value', 'label', 'model', 'prefix', 'display', 'display_name'];
/** Nested references inside a reference that are kept too (a device type's manufacturer, an interface's device). */
const REF_NESTED = ['manufacturer', 'device', 'virtual_machine'];

/** Top-level fields kept per endpoint. Both old (`device_role`, `interface`) and new (`role`, `assigned_object`) names. */
const FIELDS: Record<Endpoint, string[]> = {
  'dcim/sites': ['id', 'name', 'slug', 'status', 'region', 'facility'],
  'dcim/racks': ['id', 'name', 'site', 'location', 'status', 'role', 'u_height'],
  'dcim/devices': ['id', 'name', 'display', 'display_name', 'role', 'device_role', 'device_type', 'platform', 'status', 'site', 'location', 'rack', 'position', 'face', 'serial', 'primary_ip4', 'primary_ip6', 'cluster'],
  'virtualization/virtual-machines': ['id', 'name', 'status', 'site', 'cluster', 'role', 'platform', 'primary_ip4', 'primary_ip6', 'vcpus', 'memory', 'disk'],
  'dcim/interfaces': ['id', 'name', 'device', 'mode', 'untagged_vlan', 'tagged_vlans'],
  'ipam/ip-addresses': ['id', 'address', 'status', 'dns_name', 'interface', 'assigned_object_type', 'assigned_object', 'vrf'],
  'ipam/vlans': ['id', 'vid', 'name', 'site', 'group', 'status', 'role'],
  'ipam/prefixes': ['id', 'prefix', 'site', 'vlan', 'vrf', 'status', 'role', 'description'],
};

function compactRef(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => compactRef(v, depth));
  if (!value || typeof value !== 'object') return value;
  const o = value as Obj;
  const out: Obj = {};
  for (const k of REF_KEYS) if (k in o) out[k] = o[k];
  if (depth < 2) for (const k of REF_NESTED) if (k in o) out[k] = compactRef(o[k], depth + 1);
  return out;
}

/** One object of an endpoint's `results`, reduced to the fields parse reads. */
export function compact(endpoint: Endpoint, item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  const o = item as Obj;
  const out: Obj = {};
  for (const k of FIELDS[endpoint]) if (k in o) out[k] = compactRef(o[k]);
  return out;
}

/* What parse reads (every field optional: NetBox 2.x to 4.x answer differently). */
export interface Ref { id?: number; name?: string | null; slug?: string; vid?: number; address?: string; model?: string; display?: string; display_name?: string; manufacturer?: Ref | null; device?: Ref | null; virtual_machine?: Ref | null }
/** `{value: 1, label: "Active"}` (2.x), `{value: "active", label}` (2.6+), or a plain string. */
export type Status = { value?: string | number; label?: string } | string | null;
export interface NbSite { id?: number; name?: string; slug?: string; status?: Status; region?: Ref | null; facility?: string }
export interface NbRack { id?: number; name?: string; site?: Ref | null; location?: Ref | null; status?: Status; role?: Ref | null; u_height?: number }
export interface NbDevice {
  id?: number; name?: string | null; role?: Ref | null; device_role?: Ref | null; device_type?: Ref | null; platform?: Ref | null;
  status?: Status; site?: Ref | null; location?: Ref | null; rack?: Ref | null; position?: number | string | null; face?: Status;
  serial?: string; primary_ip4?: Ref | null; primary_ip6?: Ref | null; cluster?: Ref | null;
}
export interface NbVm { id?: number; name?: string; status?: Status; site?: Ref | null; cluster?: Ref | null; role?: Ref | null; platform?: Ref | null; primary_ip4?: Ref | null; primary_ip6?: Ref | null; vcpus?: number | string | null; memory?: number | null; disk?: number | null }
export interface NbInterface { id?: number; name?: string; device?: Ref | null; mode?: Status; untagged_vlan?: Ref | null; tagged_vlans?: Ref[] | null }
export interface NbIp { id?: number; address?: string; status?: Status; dns_name?: string; interface?: Ref | null; assigned_object_type?: string | null; assigned_object?: Ref | null }
export interface NbVlan { id?: number; vid?: number; name?: string; site?: Ref | null; group?: Ref | null; status?: Status; role?: Ref | null }
export interface NbPrefix { id?: number; prefix?: string; site?: Ref | null; vlan?: Ref | null; vrf?: Ref | null; status?: Status; role?: Ref | null; description?: string }

/** NetBox's status in one lower-case word: `active`, `offline`, `planned` … (2.x integers by their label). */
export function statusOf(s: Status | undefined): string | null {
  if (s === null || s === undefined) return null;
  if (typeof s === 'string') return s.toLowerCase();
  if (typeof s.value === 'string') return s.value.toLowerCase();
  return s.label ? s.label.toLowerCase() : s.value === undefined ? null : String(s.value);
}
