/**
 * Keeps `npm ci` working everywhere. The registry mirror of our build machines serves only
 * the platform packages it needs (linux), so `npm install` writes a lock file without the
 * darwin/windows binaries that pagefind, esbuild and Astro's compiler list as optional
 * dependencies — and `npm ci` then refuses that lock file as "out of sync", on every machine.
 * Stub entries (name and version, optional) restore the sync; npm resolves them from the
 * registry on the platforms that need them and skips them elsewhere.
 */
interface LockEntry { version?: string; optional?: boolean; optionalDependencies?: Record<string, string> }
export interface Lockfile { packages: Record<string, LockEntry>; [key: string]: unknown }

/** `node_modules/<name>` paths that some package lists as optional but the lock file lacks. */
export function missingOptionalEntries(lock: Lockfile): { key: string; version: string }[] {
  const missing = new Map<string, string>();
  for (const entry of Object.values(lock.packages)) {
    for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      if (!lock.packages[key]) missing.set(key, range);
    }
  }
  return [...missing].map(([key, version]) => ({ key, version })).sort((a, b) => a.key.localeCompare(b.key));
}

/** The lock file with stubs added and `packages` in npm's own (sorted) key order. */
export function withOptionalStubs(lock: Lockfile): Lockfile {
  const packages = { ...lock.packages };
  for (const { key, version } of missingOptionalEntries(lock)) packages[key] = { version, optional: true };
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  return { ...lock, packages: sorted };
}

if (import.meta.main) {
  const { readFileSync, writeFileSync, renameSync } = await import('node:fs');
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile;
  const missing = missingOptionalEntries(lock);
  writeFileSync('package-lock.json.tmp', `${JSON.stringify(withOptionalStubs(lock), null, 2)}\n`);
  renameSync('package-lock.json.tmp', 'package-lock.json');
  console.log(missing.length ? `Added ${missing.length} optional platform stub(s) to package-lock.json.` : 'package-lock.json already lists every optional dependency.');
}
