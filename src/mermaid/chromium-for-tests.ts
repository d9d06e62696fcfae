import { findChromium } from './find-chromium.ts';

export interface TestBrowser {
  /** Executable to use, or null when missing. */
  chromium: string | null;
  /** True only when tests may be skipped: no browser and not in CI. */
  skip: boolean;
}

/**
 * Browser tests skip locally when no Chromium is installed, but in CI a
 * missing browser must fail (call `requireChromium` in beforeAll), otherwise
 * a broken CI image would silently stop testing diagrams.
 */
export function chromiumForTests(suite: string): TestBrowser {
  const chromium = findChromium();
  const ci = process.env['CI'];
  const inCI = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  if (!chromium && !inCI) {
    console.warn(
      `[${suite}] No Chromium found: skipping browser tests. Install chromium or set SCARBOOK_CHROMIUM=/path/to/chrome to run them.`,
    );
  }
  return { chromium, skip: !chromium && !inCI };
}

export function requireChromium(browser: TestBrowser): string {
  if (!browser.chromium) {
    throw new Error(
      'CI is set but no Chromium was found (looked at SCARBOOK_CHROMIUM, then chromium, chromium-browser, google-chrome on PATH). ' +
        'Install Chromium in the CI image or set SCARBOOK_CHROMIUM; browser tests must not be skipped in CI.',
    );
  }
  return browser.chromium;
}
