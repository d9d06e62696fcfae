const HOUR = 3_600_000;

/**
 * "Now" for every page of one build: the end of the current UTC hour.
 *
 * Why not the exact time: Astro's incremental build keeps a page whose key is unchanged
 * (src/lib/page-key.ts), and every age a page shows ("12 days ago", a drill result going stale)
 * is a function of now. A clock that moves by the hour is an input the keys can name; an exact
 * one would change every page on every build. Rounded up, never down, so nothing recorded before
 * the build looks like the future; an age reads at most an hour older than it is.
 *
 * Site code reads the time only from here (src/lib/page-key.test.ts checks it); scripts keep
 * their own exact clocks.
 */
export const BUILD_NOW: Date = new Date(Math.ceil(Date.now() / HOUR) * HOUR);
