import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullLab } from '../../scripts/lab/pull.ts';
import { PullStatusSchema, SourceSnapshotSchema } from '../../src/schemas/lab.ts';
import { ROOT } from '../helpers/build-site.ts';

/** Real Caddy output served slowly, so a kill lands while the pull is under way. */
const CADDY = readFileSync(path.join(ROOT, 'scripts/lab/sources/__recorded__/caddy/config.json'), 'utf8');

/** Starts `npm run lab:pull` (the real CLI) on a content folder and kills it with SIGKILL after `ms`. */
function pullAndKill(contentPath: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/lab-pull.ts')], { cwd: ROOT, env: { ...process.env, SCARBOOK_CONTENT_DIR: contentPath }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('a pull killed half-way', () => {
  it('never leaves a torn snapshot, and the next pull takes over its lock', async () => {
    let slow = true;
    const server = createServer((req, res) => {
      const delay = req.url?.startsWith('/slow') && slow ? 4000 : 50;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(CADDY), delay);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-killed-'));
      mkdirSync(path.join(contentPath, 'lab'));
      writeFileSync(path.join(contentPath, 'lab/sources.yaml'), `sources:\n  - { name: edge-proxy, type: caddy, url: "${url}/fast" }\n  - { name: nas-proxy, type: caddy, url: "${url}/slow" }\n`);
      const seen: string[] = [];
      // Kill points over the pull's life: starting, fetching, writing the first snapshot, waiting on the second.
      for (const ms of [200, 400, 600, 800, 1200, 1800]) {
        await pullAndKill(contentPath, ms);
        const dir = path.join(contentPath, 'lab/sources');
        const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
        for (const f of files) expect(() => SourceSnapshotSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))), `${f} after a kill at ${ms} ms`).not.toThrow();
        const status = path.join(contentPath, 'lab/pull-status.json');
        if (existsSync(status)) expect(() => PullStatusSchema.parse(JSON.parse(readFileSync(status, 'utf8')))).not.toThrow();
        seen.push(`${ms} ms: ${files.join(',') || 'no snapshot'}, lock ${existsSync(path.join(contentPath, 'lab/.pull.lock')) ? 'left' : 'none'}`);
      }
      // The kills really landed mid-pull: a dead pull's lock was left behind, with the first snapshot written.
      expect(seen.some((x) => x.includes('edge-proxy.json, lock left')), seen.join('\n')).toBe(true);
      slow = false;
      const result = await pullLab({ contentPath });
      expect(result).toEqual({ ok: ['edge-proxy', 'nas-proxy'], failed: [] });
      expect(existsSync(path.join(contentPath, 'lab/.pull.lock'))).toBe(false);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
