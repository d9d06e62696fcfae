import type { Random } from '../random.ts';

/**
 * Operations prose from sentence templates: enough variety in words and structure that the
 * search index and page sizes resemble a real team's runbooks, not one sentence repeated.
 */
const SERVICES = ['postgres', 'redis', 'nginx', 'traefik', 'pihole', 'minio', 'grafana', 'loki', 'prometheus', 'vault', 'gitea', 'nextcloud', 'rabbitmq', 'mariadb', 'home assistant', 'mosquitto', 'cadvisor', 'node exporter', 'restic', 'borg', 'wireguard', 'tailscale', 'ceph', 'zfs', 'corosync', 'haproxy', 'keepalived', 'consul', 'etcd', 'kafka'];
const SYMPTOMS = ['answers with 502', 'times out after thirty seconds', 'restarts in a loop', 'fills the disk', 'stops accepting connections', 'serves stale data', 'loses its lock', 'reports a checksum mismatch', 'drops out of the cluster', 'refuses the certificate', 'runs out of file descriptors', 'leaks memory until the OOM killer steps in', 'logs permission denied', 'falls behind on replication', 'hangs on shutdown'];
const CAUSES = ['an expired certificate', 'a full volume', 'a stale lock file', 'a kernel update that changed the interface names', 'a DNS record that still points at the old address', 'a firewall rule added during the last change window', 'a Compose file edited by hand on the host', 'a backup job that runs at the same time as the vacuum', 'clock drift on the hypervisor', 'an image tag that moved upstream', 'a quota set far too low', 'swap disabled on a small VM', 'a split brain after a network partition', 'a token that was rotated in only one place'];
const ACTIONS = ['check the logs of the last hour', 'compare the running configuration with the one in Git', 'look at the disk usage per volume', 'confirm which node holds the lock', 'restart the container and watch the health check', 'fail over to the standby', 'restore the last good snapshot into the sandbox first', 'drain the node before touching it', 'rotate the credential in the vault and in the service', 'raise the limit and open a ticket to find the real cause', 'take a snapshot before changing anything', 'silence the alert for the duration of the work', 'tell the on-call channel what you are about to do'];
const OBSERVE = ['the error rate on the dashboard', 'the replication lag', 'the queue depth', 'the p99 latency', 'the number of open connections', 'the free space on the data volume', 'the certificate expiry date', 'the last successful backup time', 'the scrape status in Prometheus', 'the memory of the container'];
const OPENERS = ['In practice', 'Most of the time', 'Before anything else', 'If this is the second time this week', 'When the pager goes off at night', 'On the older hosts', 'After a kernel update', 'During the maintenance window', 'If users already noticed', 'Once the immediate fire is out'];
const TAILS = ['and write down what you saw in the incident channel.', 'because guessing costs more time than reading.', 'and only then change anything.', 'so the next person does not have to rediscover it.', 'which is usually enough to tell the two cases apart.', 'and keep the output for the postmortem.', 'and wait until the graph is flat again.', 'before you declare it fixed.'];

export const vocabulary = { SERVICES, SYMPTOMS, CAUSES, ACTIONS, OBSERVE };

export function sentence(rng: Random): string {
  const svc = rng.pick(SERVICES);
  switch (rng.int(0, 6)) {
    case 0: return `${rng.pick(OPENERS)}, when ${svc} ${rng.pick(SYMPTOMS)}, the cause is ${rng.pick(CAUSES)}.`;
    case 1: return `First ${rng.pick(ACTIONS)}, then ${rng.pick(ACTIONS)}, ${rng.pick(TAILS)}`;
    case 2: return `Watch ${rng.pick(OBSERVE)} while you work: if it does not move within ${rng.int(2, 15)} minutes, ${rng.pick(ACTIONS)}.`;
    case 3: return `We have seen ${svc} ${rng.pick(SYMPTOMS)} ${rng.int(2, 9)} times this year, and ${rng.int(1, 3) === 1 ? 'once' : 'twice'} it was ${rng.pick(CAUSES)}.`;
    case 4: return `Do not ${rng.pick(ACTIONS)} on a production host without a second pair of eyes; ${rng.pick(OPENERS).toLowerCase()} it is tempting, ${rng.pick(TAILS)}`;
    case 5: return `The ${svc} dashboard shows ${rng.pick(OBSERVE)} next to ${rng.pick(OBSERVE)}, ${rng.pick(TAILS)}`;
    default: return `${rng.pick(OPENERS)}, ${rng.pick(ACTIONS)} ${rng.pick(TAILS)}`;
  }
}

export function paragraph(rng: Random, sentences = rng.int(3, 5)): string {
  return Array.from({ length: sentences }, () => sentence(rng)).join(' ');
}

export const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;

export function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
