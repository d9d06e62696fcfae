import type { Action, Probe } from '../schemas/drill.ts';
import { formatDuration } from './format.ts';

/** A probe's own label, if it has one (a DNS probe's `name` is the name it looks up, not a label). */
export function probeLabel(p: Probe): string | undefined {
  return p.type === 'dns' ? undefined : p.name;
}

/**
 * `${PIHOLE_DNS:-192.168.1.2}` reads as `192.168.1.2` and `${NAS}` as `$NAS`: the page shows what
 * the drill aims at by default; the journal of each run records the value it really used.
 */
export function showDefaults(text: string): string {
  return text.replace(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => fallback ?? `$${name}`);
}

/** One line per probe, the way an operator would say it aloud. */
export function describeProbe(p: Probe): string {
  return showDefaults(probeText(p));
}

export function describeAction(a: Action): string {
  return showDefaults(actionText(a));
}

function probeText(p: Probe): string {
  switch (p.type) {
    case 'http':
      return `GET ${p.url}${p.host ? ` (Host: ${p.host})` : ''} answers ${p.status}${p.body_contains ? ` containing "${p.body_contains}"` : ''}${p.latency_under ? ` in under ${formatDuration(p.latency_under)}` : ''}`;
    case 'tcp':
      return `TCP connect to ${p.host}:${p.port}`;
    case 'dns':
      return `${p.server} resolves ${p.name}${p.expect ? ` to ${p.expect}` : ''}`;
    case 'command':
      return `\`${p.run}\`${p.ssh ? ` on ${p.ssh}` : ''} exits ${p.exit_code}${p.output_contains ? ` and prints "${p.output_contains}"` : ''}`;
    case 'docker_health':
      return `container ${p.container}${p.endpoint ? ` on ${p.endpoint}` : ''} is healthy`;
    case 'prometheus':
      return `${p.query} ${p.expect} (${p.url})`;
  }
}

function actionText(a: Action): string {
  switch (a.type) {
    case 'docker':
      return `docker ${a.action} ${a.action === 'disconnect' || a.action === 'connect' ? `${a.network ?? '?'} ` : ''}${a.container}${a.endpoint ? ` on ${a.endpoint}` : ''}`;
    case 'crash':
      return `crash the main process of ${a.container}${a.endpoint ? ` on ${a.endpoint}` : ''} (SIG${a.signal.replace(/^SIG/i, '')}), so its restart policy applies`;
    case 'command':
      return `\`${a.run}\`${a.ssh ? ` on ${a.ssh}` : ''}`;
    case 'manual':
      return `Operator: ${a.instructions}`;
    case 'restore':
      return `restore ${a.path} from the ${a.snapshot === 'latest' ? 'latest' : a.snapshot} ${a.tool} snapshot in ${a.repository} into a scratch folder and verify it against ${'live' in a.verify ? a.verify.live : `the manifest ${a.verify.manifest}`} (a sample of up to ${a.sample} files compared by sha256)`;
  }
}
