import type { Action, Probe } from '../schemas/drill.ts';
import { formatDuration } from './format.ts';

/** One line per probe, the way an operator would say it aloud. */
export function describeProbe(p: Probe): string {
  switch (p.type) {
    case 'http':
      return `GET ${p.url} answers ${p.status}${p.body_contains ? ` containing "${p.body_contains}"` : ''}${p.latency_under ? ` in under ${formatDuration(p.latency_under)}` : ''}`;
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

export function describeAction(a: Action): string {
  switch (a.type) {
    case 'docker':
      return `docker ${a.action} ${a.action === 'disconnect' || a.action === 'connect' ? `${a.network ?? '?'} ` : ''}${a.container}${a.endpoint ? ` on ${a.endpoint}` : ''}`;
    case 'crash':
      return `crash the main process of ${a.container} (SIG${a.signal.replace(/^SIG/i, '')}), so its restart policy applies`;
    case 'command':
      return `\`${a.run}\`${a.ssh ? ` on ${a.ssh}` : ''}`;
    case 'manual':
      return `Operator: ${a.instructions}`;
  }
}
