import type { RawOutput } from '../../lab/collector.ts';
import type { Random } from '../random.ts';
import type { LabPlan } from './plan.ts';

const SUFFIX = 'tail4b2e1c.ts.net';

/** One node as `tailscale status --json` prints it (keys, counters and times included: parse ignores them). */
function node(name: string, os: string, index: number, online: boolean, rng: Random) {
  const v4 = `100.${64 + Math.floor(index / 65025) % 64}.${Math.floor(index / 255) % 255}.${(index % 255) + 1}`;
  const v6 = `fd7a:115c:a1e0::${(index + 1).toString(16)}`;
  return {
    ID: `n${rng.hex(16)}CNTRL`, PublicKey: `nodekey:${rng.hex(64)}`, HostName: name, DNSName: `${name}.${SUFFIX}.`, OS: os,
    UserID: 7324756747571594, TailscaleIPs: [v4, v6], AllowedIPs: [`${v4}/32`, `${v6}/128`], Addrs: null, CurAddr: '', Relay: 'fra', PeerRelay: '',
    RxBytes: online ? rng.int(0, 1e8) : 0, TxBytes: online ? rng.int(0, 1e8) : 0, Created: '2025-03-01T10:00:00Z', LastWrite: '0001-01-01T00:00:00Z',
    LastSeen: '2026-11-01T10:00:00Z', LastHandshake: '0001-01-01T00:00:00Z', Online: online, ExitNode: false, ExitNodeOption: false, Active: false,
    PeerAPIURL: [`http://${v4}:${rng.int(30000, 60000)}`], TaildropTarget: 0, NoFileSharingReason: '', Tags: ['tag:server'],
    InNetworkMap: true, InMagicSock: true, InEngine: true, KeyExpiry: '2027-05-18T15:30:54Z',
  };
}

/** `tailscale status --json` run on the operators' laptop: the tailnet of the plan's `tailscale` hosts. */
export function tailscaleRaw(plan: LabPlan, rng: Random): RawOutput {
  const self = { ...node(plan.tailscaleSelf, 'linux', 0, true, rng), Tags: undefined };
  const peers = plan.hosts.filter((h) => h.tailscale);
  const status = {
    Version: '1.76.1-t2b9a0e9f5-g0fd7c9b8f', TUN: true, BackendState: 'Running', HaveNodeKey: true, AuthURL: '',
    TailscaleIPs: self.TailscaleIPs, Self: self, Health: [], MagicDNSSuffix: SUFFIX,
    CurrentTailnet: { Name: 'ops@example.com', MagicDNSSuffix: SUFFIX, MagicDNSEnabled: true }, CertDomains: [`${plan.tailscaleSelf}.${SUFFIX}`],
    Peer: Object.fromEntries(peers.map((h, i) => { const n = node(h.name, 'linux', i + 1, rng.chance(0.98), rng); return [n.PublicKey, n]; })),
    ClientVersion: null,
  };
  return { 'status.json': `${JSON.stringify(status, null, 2)}\n` };
}
