import { describe, expect, it } from 'vitest';
import { decodeCbor } from './cbor.ts';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

// Examples from RFC 8949, Appendix A.
describe('decodeCbor', () => {
  it.each([
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['1903e8', 1000],
    ['1a000f4240', 1000000],
    ['1b000000e8d4a51000', 1000000000000],
    ['1bffffffffffffffff', 18446744073709551615n],
    ['20', -1],
    ['3863', -100],
    ['3bffffffffffffffff', -18446744073709551616n],
    ['fb3ff199999999999a', 1.1],
    ['fa47c35000', 100000],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['6161', 'a'],
    ['6449455446', 'IETF'],
    ['62c3bc', 'ü'],
    ['c074323031332d30332d32315432303a30343a30305a', '2013-03-21T20:04:00Z'],
    ['83010203', [1, 2, 3]],
    ['8301820203820405', [1, [2, 3], [4, 5]]],
  ])('%s', (input, expected) => {
    expect(decodeCbor(hex(input))).toEqual(expected);
  });

  it('reads maps and byte strings', () => {
    expect(decodeCbor(hex('a201020304'))).toEqual(new Map([[1, 2], [3, 4]]));
    expect(decodeCbor(hex('a26161016162820203'))).toEqual(new Map<unknown, unknown>([['a', 1], ['b', [2, 3]]]));
    expect(decodeCbor(hex('4401020304'))).toEqual(hex('01020304'));
  });

  it('refuses what it cannot read rather than guess', () => {
    expect(() => decodeCbor(hex('5f42010243030405ff'))).toThrow(/indefinite/);
    expect(() => decodeCbor(hex('f97c00'))).toThrow(/half float/);
    expect(() => decodeCbor(hex('64494554'))).toThrow(/ends early/);
    expect(() => decodeCbor(hex('0000'))).toThrow(/1 byte\(s\) after the value/);
    expect(() => decodeCbor(hex('62c328'))).toThrow();
  });
});
