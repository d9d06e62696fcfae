import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startProcess, tempDir, waitFor, type ServerProcess } from '../../scripts/lab/testing/server-process.ts';
import { ROOT } from '../helpers/build-site.ts';
import { toolOrSkip } from '../helpers/require-tool.ts';

/**
 * The REAL nginx and Caddy from Debian's packages, running the very files in deploy/ on 127.0.0.1
 * (both bind every interface by default, so the address is always given). Each is stopped by its PID.
 */

export const NGINX_TEMPLATE = path.join(ROOT, 'deploy/nginx/scarbook.conf.template');
export const CADDYFILE = path.join(ROOT, 'deploy/caddy/Caddyfile');

export interface SiteServer {
  name: 'nginx' | 'caddy';
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

export type StartServer = (root: string) => Promise<SiteServer>;

export const nginxBinary = () => toolOrSkip('nginx', 'Install it with `apt-get install -y nginx`', 'deploy: nginx');
export const caddyBinary = () => toolOrSkip('caddy', 'Install it with `apt-get install -y caddy`', 'deploy: caddy');

/**
 * Fills in `${NAME}` for the given names only, as the nginx image's envsubst step does (it passes
 * the names of defined variables, so nginx's own `$uri` is left alone). Unknown names are an error.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const out = template.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
  const left = /\$\{([A-Z_]+)\}/.exec(out);
  if (left) throw new Error(`${NGINX_TEMPLATE}: \${${left[1]}} has no value; give it one (the image sets it with ENV)`);
  return out;
}

async function untilAnswering(url: string, proc: ServerProcess, what: string): Promise<void> {
  try {
    await waitFor(what, async () => (await fetch(url), true), 30_000, proc);
  } catch (error) {
    await proc.stop();
    throw new Error(`${String(error)}\n${proc.output()}`);
  }
}

/** nginx with a throwaway main config (pid, temp paths, logs in a temp dir) that includes the template. */
export function nginxStarter(binary: string): StartServer {
  return async (root) => {
    const tmp = tempDir('nginx');
    const port = await freePort();
    const site = fillTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), { SCARBOOK_LISTEN: `127.0.0.1:${port}`, SCARBOOK_ROOT: root });
    writeFileSync(path.join(tmp.dir, 'scarbook.conf'), site);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(tmp.dir, t)};`).join('\n');
    // As root, workers would drop to `nobody`, who cannot read a test's private temp folder.
    const user = process.getuid?.() === 0 ? 'user root;\n' : '';
    writeFileSync(
      path.join(tmp.dir, 'nginx.conf'),
      `${user}worker_processes 1;\npid ${path.join(tmp.dir, 'nginx.pid')};\nerror_log stderr warn;\n` +
        `events { worker_connections 256; }\n` +
        `http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  sendfile on;\n${temp}\n` +
        `  include ${path.join(tmp.dir, 'scarbook.conf')};\n}\n`,
    );
    const proc = startProcess(binary, ['-e', 'stderr', '-p', tmp.dir, '-c', path.join(tmp.dir, 'nginx.conf'), '-g', 'daemon off;']);
    const url = `http://127.0.0.1:${port}`;
    await untilAnswering(url, proc, `nginx on ${url}`);
    return { name: 'nginx', url, process: proc, stop: async () => { await proc.stop(); tmp.remove(); } };
  };
}

/** Caddy running deploy/caddy/Caddyfile itself, its values given through the environment as in the image. */
export function caddyStarter(binary: string): StartServer {
  return async (root) => {
    const tmp = tempDir('caddy-site');
    const [port, admin] = [await freePort(), await freePort()];
    const proc = startProcess(binary, ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
      cwd: tmp.dir,
      env: {
        SCARBOOK_SITE: `:${port}`,
        SCARBOOK_BIND: '127.0.0.1',
        SCARBOOK_ROOT: root,
        SCARBOOK_CADDY_ADMIN: `127.0.0.1:${admin}`,
        HOME: path.join(tmp.dir, 'home'),
        XDG_CONFIG_HOME: path.join(tmp.dir, 'config'),
        XDG_DATA_HOME: path.join(tmp.dir, 'data'),
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await untilAnswering(url, proc, `Caddy on ${url}`);
    return { name: 'caddy', url, process: proc, stop: async () => { await proc.stop(); tmp.remove(); } };
  };
}

/** Both servers, or only those installed (none missing under CI: toolOrSkip fails there). */
export function siteServers(): { name: 'nginx' | 'caddy'; start: StartServer | null }[] {
  const nginx = nginxBinary();
  const caddy = caddyBinary();
  return [
    { name: 'nginx', start: nginx === 'skip' ? null : nginxStarter(nginx) },
    { name: 'caddy', start: caddy === 'skip' ? null : caddyStarter(caddy) },
  ];
}
