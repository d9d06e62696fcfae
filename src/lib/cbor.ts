/**
 * A reader for CBOR (RFC 8949), enough for Pagefind's metadata file (search-files.ts): integers,
 * strings, arrays, maps, tags, booleans, null and 32/64-bit floats, all of definite length. Anything else
 * (indefinite lengths, a truncated buffer) throws: a reader that guessed could make the caller
 * delete files the search index still needs.
 */
export type CborValue = number | bigint | string | Uint8Array | boolean | null | undefined | CborValue[] | Map<CborValue, CborValue>;

export function decodeCbor(bytes: Uint8Array): CborValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Error(`CBOR ends early: ${n} byte(s) needed at offset ${at} of ${bytes.length}`);
  };
  const argument = (info: number): number | bigint => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (!size) throw new Error(`CBOR: unsupported length encoding ${info} at offset ${at - 1} (indefinite lengths are not read)`);
    need(size);
    const value = size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at) : size === 4 ? view.getUint32(at) : view.getBigUint64(at);
    at += size;
    return typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };
  const length = (info: number): number => {
    const n = argument(info);
    if (typeof n === 'bigint') throw new Error(`CBOR: a length of ${n} at offset ${at}`);
    return n;
  };
  const item = (): CborValue => {
    need(1);
    const initial = bytes[at++]!;
    const major = initial >> 5;
    const info = initial & 31;
    switch (major) {
      case 0:
        return argument(info);
      case 1: {
        const n = argument(info);
        return typeof n === 'bigint' ? -1n - n : -1 - n;
      }
      case 2:
      case 3: {
        const n = length(info);
        need(n);
        const slice = bytes.subarray(at, at + n);
        at += n;
        return major === 2 ? slice : text.decode(slice);
      }
      case 4:
        return Array.from({ length: length(info) }, item);
      case 5: {
        const map = new Map<CborValue, CborValue>();
        for (let n = length(info); n > 0; n--) map.set(item(), item());
        return map;
      }
      case 6:
        argument(info); // a tag: its number does not change what the value holds
        return item();
      default: {
        if (info === 20 || info === 21) return info === 21;
        if (info === 22) return null;
        if (info === 23) return undefined;
        const size = info === 26 ? 4 : info === 27 ? 8 : 0;
        if (!size) throw new Error(`CBOR: unsupported simple value or half float (${info}) at offset ${at - 1}`);
        need(size);
        const value = size === 4 ? view.getFloat32(at) : view.getFloat64(at);
        at += size;
        return value;
      }
    }
  };
  const value = item();
  if (at !== bytes.length) throw new Error(`CBOR: ${bytes.length - at} byte(s) after the value`);
  return value;
}
