import { z } from 'astro/zod';
import { EntityIdSchema } from './common.ts';

/**
 * A drill action that restores the latest (or a named) backup of a path into a scratch folder and
 * verifies it. "The backup you have never restored is not a backup, it is a hope."
 */
export const RestoreActionSchema = z.object({
  type: z.literal('restore'),
  tool: z.enum(['restic', 'borg']),
  /** restic repository (`/srv/backups/restic`, `sftp:…`) or borg repository path. Never with a password in it. */
  repository: z.string().min(1),
  /** Name of the environment variable that holds the repository password (RESTIC_PASSWORD / BORG_PASSPHRASE). */
  password_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'an environment variable name like RESTIC_PASSWORD' }).optional(),
  /** Snapshot id (restic) or archive name (borg); the newest one when absent. */
  snapshot: z.string().default('latest'),
  /** The backed-up path to restore, as it appears in the backup (`/srv/nextcloud/data`). */
  path: z.string().min(1),
  /** What the restored files are compared with: the live folder, or a manifest file written at backup time. */
  verify: z.union([
    z.object({ live: z.string().min(1) }),
    z.object({ manifest: z.string().min(1) }),
  ]),
  /** How many files (chosen deterministically) to compare byte for byte by sha256. */
  sample: z.number().int().positive().default(20),
  /** The backup entity this restore tests (`backup:restic-nas/…`), so the site can mark it restore-tested. */
  backup: EntityIdSchema.optional(),
});
export type RestoreAction = z.infer<typeof RestoreActionSchema>;
