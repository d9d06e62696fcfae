import { request } from 'node:http';
import { filesUnder } from '../../src/lib/files-under.ts';
import path from 'node:path';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent: not decompressed, redirects not followed. */
  body: Buffer;
}

/** One GET with node:http, so compression and redirects are seen as the server sent them. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'identity', ...headers }, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer in 15 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Every file of a built site, relative, with `/`, sorted. */
export function siteFiles(dir: string): string[] {
  return filesUnder(dir).map((f) => path.relative(dir, f).split(path.sep).join('/')).sort();
}
