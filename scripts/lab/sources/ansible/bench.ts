/**
 * Timing of the ansible collector on a 7,000-host fleet: `node scripts/lab/sources/ansible/bench.ts [hosts]`.
 *
 * The fact files are GENERATED for timing only, by varying the REAL recorded facts of
 * `__recorded__/ansible/tree/localhost` (a `--tree` file) and `__recorded__/ansible/cache/localhost`
 * (a jsonfile fact-cache file): host name, FQDN, addresses, memory and gathering time change per
 * host; every other fact is the real one. Half are written as `--tree` files (one JSON line),
 * half as pretty-printed cache files, a realistic 14–20 kB each. To stand in for the
 * environments real hosts report (stripped from the recordings), each gets a 4 kB `ansible_env`.
 * Files are read warm (just written, in the page cache). The timing runs in a child process, so
 * its peak RSS is the collector's, not the generator's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeObservation } from '../../normalize.ts';
import { ansibleCollector, AnsibleConfigSchema } from '../ansible.ts';
import { POOL_SIZE } from './read-dir.ts';

const measure = process.argv[2] === '--measure' ? process.argv[3]! : null;
const HOSTS = Number(measure ? process.argv[4] : (process.argv[2] ?? 7000));
const recorded = path.join(import.meta.dirname, '../__recorded__/ansible');
const tree = JSON.parse(readFileSync(path.join(recorded, 'tree/localhost'), 'utf8')) as { ansible_facts: Record<string, any> };
const cache = JSON.parse(readFileSync(path.join(recorded, 'cache/localhost'), 'utf8')) as Record<string, any>;
const env = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`BENCH_VAR_${i}`, 'x'.repeat(56)]));

function vary(facts: Record<string, any>, i: number): Record<string, any> {
  const name = `web${String(i).padStart(4, '0')}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const f = structuredClone(facts);
  Object.assign(f, {
    ansible_hostname: name, ansible_nodename: name, ansible_fqdn: `${name}.dc1.example.net`, ansible_domain: 'dc1.example.net',
    ansible_all_ipv4_addresses: [ip], ansible_memtotal_mb: 2048 * (1 + (i % 64)), ansible_env: env,
  });
  f.ansible_eth0.ipv4.address = ip;
  f.ansible_date_time.epoch = String(Math.floor(Date.now() / 1000) - (i % 100) * 1800); // some older than 24 h
  return f;
}

async function time(dir: string): Promise<void> {
  const config = AnsibleConfigSchema.parse({ name: 'fleet', type: 'ansible', factsDir: dir });
  const t0 = performance.now();
  const raw = await ansibleCollector.fetch(config, undefined as never); // fetch reads files only; it needs no context
  const t1 = performance.now();
  const obs = ansibleCollector.parse(raw, config);
  const t2 = performance.now();
  const normal = normalizeObservation(obs, config.name);
  const t3 = performance.now();
  const rawBytes = Object.values(raw).reduce((n, t) => n + t.length, 0);
  const stale = normal.entities.filter((e) => (e.attributes['factsAge'] as { stale?: boolean } | undefined)?.stale).length;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`→ ${normal.entities.length} hosts (${stale} stale), raw output ${(rawBytes / 1e6).toFixed(1)} MB`);
  console.log(`fetch (read + reduce, ${POOL_SIZE} files at a time) ${s(t1 - t0)}, parse ${s(t2 - t1)}, normalize (schema check, as the pull does) ${s(t3 - t2)}`);
  console.log(`wall ${s(t3 - t0)}, ${Math.round(HOSTS / ((t3 - t0) / 1000))} hosts/s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

if (measure) {
  await time(measure);
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-ansible-bench-'));
  try {
    let bytes = 0;
    for (let i = 0; i < HOSTS; i++) {
      const text = i % 2 === 0
        ? JSON.stringify({ ansible_facts: vary(tree.ansible_facts, i), changed: false })
        : JSON.stringify(vary(cache, i), null, 4);
      bytes += text.length;
      writeFileSync(path.join(dir, `web${String(i).padStart(4, '0')}.dc1.example.net`), text);
    }
    console.log(`${HOSTS} generated fact files, ${(bytes / 1e6).toFixed(0)} MB (${(bytes / HOSTS / 1024).toFixed(1)} kB each)`);
    execFileSync(process.execPath, [import.meta.filename, '--measure', dir, String(HOSTS)], { stdio: 'inherit' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
