import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { runCommand } from '../../../../src/lib/run-command.ts';
import { freePort, startProcess, tempDir, waitFor } from '../../testing/server-process.ts';

/**
 * A throw-away sshd for tests of the ssh path: 127.0.0.1 only, its own host key, one
 * authorized client key, no passwords, everything in a temp dir. It logs in as the user running
 * the tests, so the "remote" host is this machine reached through a real ssh connection.
 */
export interface PrivateSshd {
  /** The temp folder holding keys and known_hosts (`client_key`, `known_hosts`). */
  dir: string;
  /** `user@127.0.0.1` */
  target: string;
  port: number;
  /** ssh arguments that reach it with the temp key and pin its host key (no ~/.ssh involved). */
  sshOptions: string[];
  output(): string;
  stop(): Promise<void>;
}

/** `extraConfig`: more sshd_config lines (`SetEnv DOCKER_HOST=…` for the Docker-over-ssh test). */
export async function startPrivateSshd(sshd: string, extraConfig: string[] = []): Promise<PrivateSshd> {
  const tmp = tempDir('sshd');
  const file = (name: string) => path.join(tmp.dir, name);
  await runCommand('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'scarbook-test-host', '-f', file('host_key')]);
  await runCommand('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'scarbook-test-client', '-f', file('client_key')]);
  writeFileSync(file('authorized_keys'), readFileSync(file('client_key.pub')), { mode: 0o600 });
  const port = await freePort();
  writeFileSync(file('known_hosts'), `[127.0.0.1]:${port} ${readFileSync(file('host_key.pub'), 'utf8').trim()}\n`);
  writeFileSync(file('sshd_config'), [
    `ListenAddress 127.0.0.1`,
    `HostKey ${file('host_key')}`,
    `AuthorizedKeysFile ${file('authorized_keys')}`,
    `PidFile ${file('sshd.pid')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    // No PAM stack or strict permission checks on the temp dir: this sshd only lives for a test.
    'UsePAM no',
    'StrictModes no',
    ...extraConfig,
    '',
  ].join('\n'));
  // Debian's sshd refuses to start as root without its privilege separation directory, which the
  // package's init script (not run in containers) would normally create.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });

  const server = startProcess(sshd, ['-D', '-e', '-f', file('sshd_config'), '-p', String(port)]);
  const target = `${userInfo().username}@127.0.0.1`;
  const sshOptions = [
    '-F', '/dev/null', '-p', String(port), '-i', file('client_key'),
    '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${file('known_hosts')}`, '-o', 'StrictHostKeyChecking=yes',
  ];
  const stop = async () => {
    await server.stop();
    tmp.remove();
  };
  try {
    await waitFor('the private sshd to accept a login', async () => {
      await runCommand('ssh', [...sshOptions, '-o', 'BatchMode=yes', target, 'true'], { timeout: 10_000 });
      return true;
    }, 30_000, server);
  } catch (error) {
    const log = server.output();
    await stop();
    throw new Error(`${(error as Error).message}\nsshd said:\n${log}`, { cause: error });
  }
  return { dir: tmp.dir, target, port, sshOptions, output: server.output, stop };
}
