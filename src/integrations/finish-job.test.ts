import { describe, expect, it } from 'vitest';
import { parseFinishJob } from './finish-job.ts';

describe('parseFinishJob', () => {
  it('reads the job the integration wrote', () => {
    const job = {
      dir: '/srv/dist',
      base: '/docs/',
      cacheDir: '/srv/cache',
      unfinishedMark: '/srv/.astro/scarbook-build-unfinished',
      searchManifest: '/srv/.astro/scarbook-search.json',
      finishedPages: '/srv/.astro/scarbook-pages.json',
      root: '/srv',
      contentPath: '/srv/content',
    };
    expect(parseFinishJob('/tmp/finish.json', `${JSON.stringify(job)}\n`)).toEqual(job);
  });

  it('names the file and the field when the job is broken', () => {
    expect(() => parseFinishJob('/tmp/finish.json', '{"dir":"/srv/dist","base":"/"}')).toThrow(/^\/tmp\/finish\.json: field "cacheDir": .*written by the scarbook integration/);
    expect(() => parseFinishJob('/tmp/finish.json', 'not json')).toThrow(/^\/tmp\/finish\.json: not JSON/);
  });
});
