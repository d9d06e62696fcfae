import { describe, expect, it } from 'vitest';
import { confirmationDrills, drillIdFromLink, exercisingSections } from './drill-refs.ts';

const known = [
  { id: 'kill-pihole', title: 'Kill Pi-hole and watch the house lose DNS' },
  { id: 'storage/restore-postgres', title: 'Restore Postgres' },
];

describe('drillIdFromLink', () => {
  it.each([
    ['../drills/kill-pihole.md', 'kill-pihole'],
    ['../../drills/storage/restore-postgres.md#why', 'storage/restore-postgres'],
    ['/drills/kill-pihole/', 'kill-pihole'],
    ['../runbooks/dns/dns-outage.md', null],
    ['https://example.com/drills-and-more', null],
  ])('%s → %s', (link, id) => expect(drillIdFromLink(link)).toBe(id));
});

describe('confirmationDrills', () => {
  it('reads the MADR Confirmation section only: links, ids in code and exact titles', () => {
    const body = [
      '## Decision Outcome', 'Chosen: one Pi-hole. The [Pi-hole drill](../drills/kill-pihole.md) is mentioned here but does not count.',
      '### Consequences', 'Good.',
      '### Confirmation', '',
      'The drill "Kill Pi-hole and watch the house lose DNS" runs monthly.',
      '#### Also', 'And `storage/restore-postgres`, see also `not-a-drill`.',
      '```sh', '# Confirmation', '[x](../drills/other.md)', '```',
      '## More Information', 'The [drill](../drills/ignored.md).',
    ].join('\n');
    expect(confirmationDrills(body, known)).toEqual(['kill-pihole', 'storage/restore-postgres']);
  });
  it('finds nothing without the section', () => {
    expect(confirmationDrills('# Title\n\nThe [drill](../drills/kill-pihole.md).', known)).toEqual([]);
  });
});

describe('exercisingSections', () => {
  it('takes lines that say a drill exercises the section, with the section heading', () => {
    const body = ['# Runbook', '## Fix', 'Exercised by the [Pi-hole drill](../../drills/kill-pihole.md) every month.', '## See also', 'The [Pi-hole drill](../../drills/kill-pihole.md).'].join('\n');
    expect(exercisingSections(body, known)).toEqual([{ drill: 'kill-pihole', heading: 'Fix' }]);
  });
});
