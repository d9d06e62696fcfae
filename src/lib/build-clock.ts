const HOUR = 3_600_000;

/**
 * The wall clock, or `SOURCE_DATE_EPOCH` (whole seconds since 1970, the reproducible-builds
 * convention) when set: the same content and clock then give the same pages. The benchmark sets it
 * once per run, so that a warm rebuild just after the hour turns is not a rebuild of every page.
 */
function now(): number {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return Date.now();
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 (e.g. ${Math.floor(Date.now() / 1000)}), not "${epoch}": set it so, or unset it to use the clock.`);
  return Number(epoch) * 1000;
}

/**
 * "Now" for every page of one build: the end of the current UTC hour.
 *
 * Why not the exact time: Astro's incremental build keeps a page whose key is unchanged
 * (src/lib/page-key.ts), and every age a page shows ("12 days ago", a drill result going stale)
 * is a function of now. A clock that moves by the hour is an input the keys can name; an exact
 * one would change every page on every build. The first build after the hour turns renders every
 * page again, as it must. Rounded up, never down, so nothing recorded before the build looks like
 * the future; an age reads at most an hour older than it is.
 *
 * Site code reads the time only from here (src/lib/page-key.test.ts checks it); scripts keep
 * their own exact clocks.
 */
export const BUILD_NOW: Date = new Date(Math.ceil(now() / HOUR) * HOUR);
