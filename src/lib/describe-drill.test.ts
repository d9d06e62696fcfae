import { describe, expect, it } from 'vitest';
import { describeAction, describeProbe, showDefaults } from './describe-drill.ts';

describe('showDefaults', () => {
  it('shows a variable by its default, or by its name when it has none', () => {
    expect(showDefaults('${PIHOLE_DNS:-192.168.1.2} and ${NAS_DOCKER}')).toBe('192.168.1.2 and $NAS_DOCKER');
    expect(showDefaults('${EMPTY:-}x')).toBe('x');
  });

  it('leaves the escaped form ($${VAR}, meant for a remote shell) and plain text alone', () => {
    expect(showDefaults('echo $${HOME} costs $5')).toBe('echo $${HOME} costs $5');
  });

  it('is what the drill page shows for probes and actions', () => {
    expect(describeProbe({ type: 'dns', name: 'nas.lab.example', server: '${PIHOLE_DNS:-192.168.1.2}', expect: '192.168.1.10' })).toBe('192.168.1.2 resolves nas.lab.example to 192.168.1.10');
    expect(describeAction({ type: 'docker', action: 'start', container: 'pihole', endpoint: '${NAS_DOCKER:-ssh://root@nas}' })).toBe('docker start pihole on ssh://root@nas');
  });
});
