import { describe, expect, it } from 'vitest';
import { inSubnet, subnetOf } from './subnet.ts';

describe('subnetOf', () => {
  it.each([
    ['192.168.1.21/24', '192.168.1.0/24'],
    ['172.16.20.1/24', '172.16.20.0/24'],
    ['192.168.2.50/32', '192.168.2.50/32'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['2001:41d0:403:4a6a::/64', '2001:41d0:403:4a6a::/64'],
    ['2001:db8:0:0:1::5/48', '2001:db8::/48'],
    ['fd00::1/128', 'fd00::1/128'],
    ['192.168.1.21', null],
    ['vmbr0/24', null],
    ['10.0.0.1/33', null],
  ])('%s → %s', (cidr, expected) => {
    expect(subnetOf(cidr)).toBe(expected);
  });
});

describe('inSubnet', () => {
  it.each([
    ['192.168.1.101', '192.168.1.0/24', true],
    ['192.168.2.1', '192.168.1.0/24', false],
    ['100.64.0.3', '100.64.0.0/10', true],
    ['2001:db8::7', '2001:db8::/64', true],
    ['2001:db9::7', '2001:db8::/64', false],
    ['192.168.1.1', '2001:db8::/64', false],
    ['192.168.1.1', '0.0.0.0/0', false],
    ['not-an-ip', '10.0.0.0/8', false],
  ])('%s in %s: %s', (address, subnet, expected) => {
    expect(inSubnet(address, subnet)).toBe(expected);
  });
});
