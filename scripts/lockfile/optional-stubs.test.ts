import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingOptionalEntries, withOptionalStubs, type Lockfile } from './optional-stubs.ts';

describe('package-lock.json optional platform stubs', () => {
  it('lists every optional dependency, so `npm ci` accepts the lock file (run `npm run fix:lockfile` after `npm install`)', () => {
    const lock = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package-lock.json'), 'utf8')) as Lockfile;
    expect(missingOptionalEntries(lock)).toEqual([]);
  });

  it('adds stubs for what is missing and keeps entries sorted', () => {
    const lock: Lockfile = {
      packages: {
        '': { version: '1.0.0' },
        'node_modules/pagefind': { version: '1.6.0', optionalDependencies: { '@pagefind/linux-x64': '1.6.0', '@pagefind/darwin-arm64': '1.6.0' } },
        'node_modules/@pagefind/linux-x64': { version: '1.6.0', optional: true },
      },
    };
    const fixed = withOptionalStubs(lock);
    expect(Object.keys(fixed.packages)).toEqual(['', 'node_modules/@pagefind/darwin-arm64', 'node_modules/@pagefind/linux-x64', 'node_modules/pagefind']);
    expect(fixed.packages['node_modules/@pagefind/darwin-arm64']).toEqual({ version: '1.6.0', optional: true });
    expect(missingOptionalEntries(fixed)).toEqual([]);
  });
});
