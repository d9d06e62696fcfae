import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const PATH_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of a Chromium to pre-render diagrams with, or null.
 *
 * `SCARBOOK_CHROMIUM` wins: a path, or `none` to force client-side rendering.
 * A path that is not an executable throws instead of silently falling back,
 * because somebody asked for that browser explicitly.
 * Otherwise the first of chromium, chromium-browser, google-chrome on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env['SCARBOOK_CHROMIUM']?.trim();
  if (configured) {
    if (configured.toLowerCase() === 'none') return null;
    if (!isExecutableFile(configured)) {
      throw new Error(
        `SCARBOOK_CHROMIUM is set to "${configured}", which is not an executable file. ` +
          'Point it at a Chromium/Chrome binary, set it to "none" to render diagrams in the browser instead, or unset it.',
      );
    }
    return configured;
  }
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  // Name before directory: a chromium anywhere on PATH beats a google-chrome earlier on it.
  for (const name of PATH_CANDIDATES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}
