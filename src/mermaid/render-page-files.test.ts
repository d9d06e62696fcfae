import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium } from '../../tests/helpers/browser.ts';
import { writeRenderPageFiles } from './render-page-files.ts';

const executable = chromiumOrSkip('render-page-files');

describe.skipIf(executable === 'skip')('the render page', () => {
  it('has mermaid loaded from its file, can load nothing else (loopback server, a file beside it), and its files go when removed', async () => {
    let requests = 0;
    const server = createServer((_, res) => {
      requests += 1;
      res.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const files = writeRenderPageFiles();
    const browser = await launchChromium(executable as string);
    let dir = '';
    try {
      const page = await files.open(await browser.newContext());
      dir = path.dirname(fileURLToPath(page.url()));
      // Chromium loads a script from a file page's folder: a file there is the one way in.
      writeFileSync(path.join(dir, 'beside.js'), 'globalThis.besideRan = true;');
      expect(await page.evaluate(() => typeof (globalThis as { mermaid?: { render?: unknown } }).mermaid?.render)).toBe('function');
      const tryLoad = (url: string) =>
        page.evaluate((u) => fetch(u).then((r) => r.text(), (e: Error) => `failed: ${e.message}`), url);
      expect(await tryLoad(`http://127.0.0.1:${port}/`)).toMatch(/^failed/);
      const script = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const tag = Object.assign(document.createElement('script'), { src: 'beside.js' });
            tag.onload = () => resolve('loaded');
            tag.onerror = () => resolve('failed');
            document.head.append(tag);
          }),
      );
      expect(script).toBe('failed');
      expect(await page.evaluate(() => 'besideRan' in globalThis)).toBe(false);
      expect(requests).toBe(0);
    } finally {
      await browser.close();
      files.remove();
      server.close();
    }
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
});
