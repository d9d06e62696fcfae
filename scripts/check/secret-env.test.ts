import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretEnvValues } from './secret-env.ts';

describe('the values the secret scan looks for', () => {
  it('takes the policy list and every *Env credential sources.yaml names, and says which it could not read', () => {
    const content = path.join(mkdtempSync(path.join(tmpdir(), 'scarbook-secret-env-')), 'content');
    mkdirSync(path.join(content, 'lab'), { recursive: true });
    writeFileSync(path.join(content, 'lab/sources.yaml'), 'sources:\n  - { name: backups, type: restic, repository: /srv/restic, passwordEnv: RESTIC_PASSWORD }\n  - { name: pve, type: proxmox, url: "https://pve:8006", tokenIdEnv: PVE_TOKEN_ID, tokenSecretEnv: PVE_TOKEN_SECRET }\n');
    const env = { RESTIC_PASSWORD: 'correct horse battery', PVE_TOKEN_ID: 'short', GRAFANA_PASSWORD: 'admin-password-1' };
    const { values, notices } = secretEnvValues(['GRAFANA_PASSWORD', 'SMTP_PASSWORD'], content, env, 'scarbook.config.json');
    expect(values).toEqual({ GRAFANA_PASSWORD: 'admin-password-1', RESTIC_PASSWORD: 'correct horse battery' });
    expect(notices.map((n) => `${n.severity} ${n.file}: ${n.message}`)).toEqual([
      'notice scarbook.config.json: $PVE_TOKEN_SECRET, $SMTP_PASSWORD are not set here, so the scan could not look for their values',
      'notice scarbook.config.json: $PVE_TOKEN_ID is shorter than 8 characters, too short to scan for without false alarms (and too short to be a good secret)',
    ]);
  });
});
