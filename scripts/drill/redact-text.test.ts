import { describe, expect, it } from 'vitest';
import { redactText, secretValues } from './redact-text.ts';

describe('redactText', () => {
  const canary = `canary-${Math.random().toString(36).slice(2)}`;
  const secrets = secretValues({ RESTIC_PASSWORD: canary, HOME: '/root', MY_REPO_KEY_VAR: 'not-secret-name' }, ['BACKUP_PW']);

  it('collects values of secret-looking variables only', () => {
    expect(secrets).toEqual([canary]);
    expect(secretValues({ BACKUP_PW: 'hunter22' }, ['BACKUP_PW'])).toEqual(['hunter22']);
  });

  it.each([
    [`restic says: wrong password ${canary}`, 'restic says: wrong password [redacted]'],
    ['POSTGRES_PASSWORD=swordfish other=1', 'POSTGRES_PASSWORD=[redacted] other=1'],
    ['api_token: "abc def"', 'api_token: [redacted]'],
    ['GET https://admin:pw@cloud.lab.example/ ok', 'GET https://cloud.lab.example/ ok'],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 used', 'token [redacted] used'],
    ['pihole restarted in 120 ms', 'pihole restarted in 120 ms'],
  ])('%s', (text, want) => expect(redactText(text, secrets)).toBe(want));
});
