import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { scanForSecrets } from '../../scripts/check/secrets.ts';
import { ROOT } from '../helpers/build-site.ts';

describe('the secret scan on the real example build', () => {
  it('finds nothing in the built example site and the example lab (the clean case)', () => {
    const dist = inject('exampleDist');
    // A scan that read nothing would pass too: the build must be there, pages and all.
    expect(readdirSync(dist)).toContain('index.html');
    expect(scanForSecrets({ root: ROOT, paths: [dist, path.join(ROOT, 'content/lab')] })).toEqual([]);
  });
});
