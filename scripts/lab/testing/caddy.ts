import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startProcess, tempDir, waitFor, type ServerProcess } from './server-process.ts';

/**
 * A real Caddy for collector tests. Caddy's admin API and sites bind every interface unless told
 * otherwise, so the admin endpoint and every server listen address here are 127.0.0.1 explicitly.
 * HOME/XDG dirs point into the temp dir so Caddy's data and autosave never touch the user's.
 */

export interface LocalCaddy {
  /** Admin API base URL. */
  adminUrl: string;
  /** `127.0.0.1:<port>` the test server listens on. */
  siteAddress: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

/** What a test gives Caddy: `apps.http.servers` as JSON, or a Caddyfile (adapted by Caddy itself). */
export type CaddyTestConfig = { servers: Record<string, unknown> } | { caddyfile: string };

/**
 * `build` gets the free addresses (`admin` and `site`, both `127.0.0.1:<port>`) and a temp dir.
 * A Caddyfile must bind its sites to 127.0.0.1 itself (`bind 127.0.0.1`) and set `admin`.
 */
export async function startCaddy(
  binary: string,
  build: (p: { admin: string; site: string; dir: string }) => CaddyTestConfig,
): Promise<LocalCaddy> {
  const tmp = tempDir('caddy');
  const [adminPort, sitePort] = [await freePort(), await freePort()];
  const siteAddress = `127.0.0.1:${sitePort}`;
  const admin = `127.0.0.1:${adminPort}`;
  const built = build({ admin, site: siteAddress, dir: tmp.dir });
  let configPath: string;
  if ('caddyfile' in built) {
    configPath = path.join(tmp.dir, 'Caddyfile');
    writeFileSync(configPath, built.caddyfile);
  } else {
    const config = {
      // persist false: the admin API must not write an autosave copy of the test config anywhere.
      admin: { listen: admin, config: { persist: false } },
      storage: { module: 'file_system', root: path.join(tmp.dir, 'data') },
      apps: { http: { servers: built.servers } },
    };
    configPath = path.join(tmp.dir, 'caddy.json');
    writeFileSync(configPath, JSON.stringify(config, null, 2));
  }
  for (const d of ['home', 'config', 'data']) mkdirSync(path.join(tmp.dir, d), { recursive: true });
  const proc = startProcess(binary, ['run', '--config', configPath, ...('caddyfile' in built ? ['--adapter', 'caddyfile'] : [])], {
    cwd: tmp.dir,
    env: { HOME: path.join(tmp.dir, 'home'), XDG_CONFIG_HOME: path.join(tmp.dir, 'config'), XDG_DATA_HOME: path.join(tmp.dir, 'data') },
  });
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const stop = async () => {
    await proc.stop();
    tmp.remove();
  };
  try {
    // The admin API answers before the apps start; wait for the site too.
    await waitFor(`Caddy admin API on ${adminUrl}`, async () => ((await fetch(`${adminUrl}/config/`)).ok ? true : undefined), 30_000, proc);
    await waitFor(`Caddy site on ${siteAddress}`, async () => (await fetch(`http://${siteAddress}/`), true), 30_000, proc);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n${proc.output()}`);
  }
  return { adminUrl, siteAddress, process: proc, stop };
}
