import { describe, expect, it } from 'vitest';
import { deriveTitle, firstHeading } from './titles.ts';

describe('deriveTitle', () => {
  it.each([
    ['front matter wins', 'DNS outage', '# Something else\n', 'dns.md', 'DNS outage'],
    ['first # heading when no title', undefined, 'Intro line\n\n# WireGuard tunnel down\n\n## Check\n', 'wg.md', 'WireGuard tunnel down'],
    ['heading markup is stripped', undefined, '# Restart `pihole` **now** [ref](x.md)\n', 'x.md', 'Restart pihole now ref'],
    ['closing hashes are dropped', undefined, '# Disk full ##\n', 'x.md', 'Disk full'],
    ['a # comment inside a code block is not a heading', undefined, '```sh\n# not a title\n```\n\n# Real title\n', 'x.md', 'Real title'],
    ['## is not a title', undefined, '## Only a section\n', 'content/runbooks/disk-full.md', 'disk-full'],
    ['no heading: the file name', undefined, 'just text', 'content/runbooks/NodeClockSkewDetected.md', 'NodeClockSkewDetected'],
    ['blank title falls through', '  ', '# From body\n', 'x.md', 'From body'],
    ['mdx extension is removed', undefined, '', 'a/volume-restore.mdx', 'volume-restore'],
  ])('%s', (_case, title, body, file, expected) => {
    expect(deriveTitle(title, body, file, 'id')).toBe(expected);
  });

  it('uses the id when there is no file path', () => {
    expect(deriveTitle(undefined, '', undefined, 'dns/outage')).toBe('outage');
  });

  it('finds a heading after tilde fences and indented by up to three spaces', () => {
    expect(firstHeading('~~~\n# no\n~~~\n   # Yes\n')).toBe('Yes');
  });
});
