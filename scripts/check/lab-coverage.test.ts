import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullLab } from '../lab/pull.ts';
import { runCheck } from '../check.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm run check: certificates', () => {
  it('warns about expired and expiring certificates, not valid ones', async () => {
    // The TLS collector's real recording (openssl certificates served over real TLS), replayed.
    const root = mkdtempSync(path.join(tmpdir(), 'scarbook-certs-'));
    writeFileSync(path.join(root, 'scarbook.config.json'), '{"contentDir":"content"}');
    mkdirSync(path.join(root, 'content/lab'), { recursive: true });
    writeFileSync(path.join(root, 'content/lab/sources.yaml'), 'sources:\n  - { name: tls, type: tls, targets: [{ hostname: expired.test }, { hostname: expiring.test }, { hostname: selfsigned.test }] }\n');
    const record = path.join(root, 'recorded');
    mkdirSync(path.join(record, 'tls'), { recursive: true });
    cpSync(path.join(ROOT, 'scripts/lab/sources/__recorded__/tls/openssl.json'), path.join(record, 'tls/certificates.json'));
    expect((await pullLab({ contentPath: path.join(root, 'content'), replay: record })).failed).toEqual([]);

    const { problems } = await runCheck(root);
    expect(problems.filter((p) => p.message.startsWith('certificate')).map((p) => `${p.severity}: ${p.message}`)).toEqual([
      'warning: certificate of expired.test is expired (valid until 2020-02-01T00:00:00.000Z)',
      'warning: certificate of expiring.test is expiring (valid until 2026-11-27T05:57:24.000Z)',
    ]);
  });
});
