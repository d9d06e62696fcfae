import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Probe } from '../../../src/schemas/drill.ts';
import { networkReason, type ProbeCheck } from './probe.ts';

type Http = Extract<Probe, { type: 'http' }>;

/** Enough of the body to look for a marker; a probe never downloads a whole file. */
const BODY_LIMIT = 1024 * 1024;

/**
 * One GET with node:http(s), not fetch: fetch cannot send another Host header, and reaching a
 * virtual host through its proxy by address (`url: http://10.0.0.5/`, `host: cloud.lab.example`)
 * is what a probe from outside the house's DNS needs. Redirects are not followed: a 302 to a
 * login page is not the 200 the drill expects.
 */
function get(p: Http, signal: AbortSignal): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(p.url);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, { method: 'GET', signal, headers: p.host ? { host: p.host } : {}, ...(p.host && url.protocol === 'https:' ? { servername: p.host.replace(/:\d+$/, '') } : {}) }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET the URL: the status must match, the body contain the text, and the answer come fast enough. */
export const checkHttp: ProbeCheck<Http> = async (p, { signal }) => {
  const started = performance.now();
  let answer: { status: number; body: string };
  try {
    answer = await get(p, signal);
  } catch (error) {
    return { ok: false, detail: networkReason(error) };
  }
  const ms = Math.round(performance.now() - started);
  if (answer.status !== p.status) return { ok: false, detail: `answered ${answer.status} (expected ${p.status}) in ${ms} ms` };
  if (p.body_contains && !answer.body.includes(p.body_contains)) return { ok: false, detail: `answered ${answer.status} but the body lacks "${p.body_contains}"` };
  if (p.latency_under !== undefined && ms >= p.latency_under) return { ok: false, detail: `answered ${answer.status} in ${ms} ms (limit ${p.latency_under} ms)` };
  return { ok: true, detail: `answered ${answer.status} in ${ms} ms` };
};
