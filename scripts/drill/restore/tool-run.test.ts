import { describe, expect, it } from 'vitest';
import { toolEnv } from './tool-run.ts';

const base = { type: 'restore' as const, repository: '/srv/backup', snapshot: 'latest', path: '/srv/data', verify: { live: '/srv/data' }, sample: 20 };

describe('toolEnv', () => {
  it('moves the password into the variable the tool reads and clears its other sources', () => {
    const env = toolEnv({ ...base, tool: 'restic', password_env: 'NAS_RESTIC' }, { NAS_RESTIC: 's3cret', RESTIC_PASSWORD_FILE: '/etc/other', PATH: '/bin' });
    expect(env).toMatchObject({ RESTIC_PASSWORD: 's3cret', RESTIC_PASSWORD_FILE: '', RESTIC_PASSWORD_COMMAND: '', PATH: '/bin' });
  });
  it('keeps borg from waiting for answers nobody will type', () => {
    const env = toolEnv({ ...base, tool: 'borg' }, {});
    expect(env).toMatchObject({ BORG_PASSPHRASE: '', BORG_RELOCATED_REPO_ACCESS_IS_OK: 'no', BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'no' });
  });
  it('throws when the named variable is not set, naming it and what to do', () => {
    expect(() => toolEnv({ ...base, tool: 'borg', password_env: 'USB_BORG' }, {})).toThrow('restore drill of /srv/backup: password_env names USB_BORG, but it is not set. Export USB_BORG with the repository password before running the drill.');
  });
});
