/** How `astro build` ended, as scripts/build.ts tells scripts/build/run-build.ts (over IPC). */
export interface AstroExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why it could not be started or waited on, when that is how it ended. */
  error?: string;
}

/**
 * Whether the last build finished ('1' or '0'), for scripts/build/run-build.ts: scripts/build.ts
 * reads it before Astro starts, since Astro marks its own build unfinished as it starts.
 */
export const LAST_BUILD_FINISHED_ENV = 'SCARBOOK_LAST_BUILD_FINISHED';

/** What a failed `astro build` adds to "astro build failed", or undefined if it succeeded. */
export function astroFailure(exit: AstroExit): string | undefined {
  if (exit.error) return ` to run: ${exit.error}`;
  if (exit.code === 0) return undefined;
  return exit.code === null ? ` (${exit.signal ?? 'no exit code'})` : ` with exit code ${exit.code}`;
}
