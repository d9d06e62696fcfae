/**
 * Set by `npm run build` (scripts/build.ts) for Astro's process and its own: the file the scarbook
 * integration writes its finish job to (finish-job.ts) instead of running the steps inside Astro's
 * process. Unset (a plain `astro build`), the steps run inline.
 *
 * A module of its own so that the launcher can name it without loading zod with finish-job.ts:
 * ~90 ms, before Astro could start.
 */
export const FINISH_JOB_ENV = 'SCARBOOK_FINISH_JOB';
