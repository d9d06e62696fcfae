import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError } from './interpolate.ts';

describe('interpolate', () => {
  const env = { PIHOLE_DNS: '127.0.0.1:5353', EMPTY: '' };

  it.each([
    ['${PIHOLE_DNS}', '127.0.0.1:5353'],
    ['${PIHOLE_DNS:-192.168.1.2}', '127.0.0.1:5353'],
    ['http://${HOST:-192.168.1.50}:8123/', 'http://192.168.1.50:8123/'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${HOST:-}', ''],
    ['echo $${HOME} $(date) $PATH', 'echo ${HOME} $(date) $PATH'],
  ])('%s → %s', (text, want) => expect(interpolate({ s: text }, env, 'x.md').value.s).toBe(want));

  it('fills strings anywhere in the structure and leaves other values alone', () => {
    const { value, used } = interpolate({ steady_state: [{ type: 'tcp', host: '${H:-nas}', port: 53 }], fault: [{ run: 'x ${PIHOLE_DNS}' }] }, env, 'x.md');
    expect(value).toEqual({ steady_state: [{ type: 'tcp', host: 'nas', port: 53 }], fault: [{ run: 'x 127.0.0.1:5353' }] });
    expect(used).toEqual([{ name: 'H', value: 'nas', fromDefault: true }, { name: 'PIHOLE_DNS', value: '127.0.0.1:5353', fromDefault: false }]);
  });

  it('names every field whose variable is missing', () => {
    let error: unknown;
    try {
      interpolate({ steady_state: [{ url: 'http://${NAS}/' }], rollback: [{ endpoint: '${DOCKER_NAS}' }] }, {}, 'content/drills/x.md');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InterpolationError);
    expect((error as Error).message).toBe([
      'content/drills/x.md: environment variables missing',
      '  - steady_state[0].url: ${NAS} is not set and has no default',
      '  - rollback[0].endpoint: ${DOCKER_NAS} is not set and has no default',
      '  Set them (export NAME=…) or give the drill a default: ${NAME:-value}.',
    ].join('\n'));
  });
});
