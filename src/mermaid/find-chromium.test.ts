import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './find-chromium.ts';

const root = mkdtempSync(join(tmpdir(), 'scarbook-find-chromium-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(dir: string, name: string, executable: boolean): string {
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(root, dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

describe('findChromium', () => {
  it('prefers SCARBOOK_CHROMIUM', () => {
    const path = file('env', 'my-chrome', true);
    expect(findChromium({ SCARBOOK_CHROMIUM: path, PATH: '' })).toBe(path);
  });

  it('treats SCARBOOK_CHROMIUM=none as "no browser"', () => {
    expect(findChromium({ SCARBOOK_CHROMIUM: 'none', PATH: '/usr/bin' })).toBeNull();
  });

  it('throws, naming the variable, when SCARBOOK_CHROMIUM is not an executable', () => {
    expect(() => findChromium({ SCARBOOK_CHROMIUM: join(root, 'missing') })).toThrow(/SCARBOOK_CHROMIUM/);
    const notExecutable = file('env', 'plain-file', false);
    expect(() => findChromium({ SCARBOOK_CHROMIUM: notExecutable })).toThrow(/not an executable/);
  });

  it('searches PATH for chromium before google-chrome, skipping non-executables', () => {
    const googleChrome = file('first', 'google-chrome', true);
    file('first', 'chromium', false);
    const chromium = file('second', 'chromium', true);
    const first = join(root, 'first');
    const second = join(root, 'second');
    expect(findChromium({ PATH: [first, second].join(delimiter) })).toBe(chromium);
    expect(findChromium({ PATH: first })).toBe(googleChrome);
    expect(findChromium({ PATH: join(root, 'nowhere') })).toBeNull();
  });
});
