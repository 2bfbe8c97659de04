// TFRecord framing as TensorBoard event files use it: uint64 length (LE), masked CRC32C of the
// length bytes, the data, masked CRC32C of the data. Written from the format's description.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), as TFRecord uses. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (CRC_TABLE[(crc ^ b) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function maskedCrc(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc(data), true);
  return out;
}

export interface RecordReadResult {
  records: Uint8Array[];
  /** Why reading stopped early (a truncated or corrupt record), with its byte offset. */
  problem: string | null;
}

/** Every whole record; stops at the first truncated or corrupt one and says why. */
export function readRecords(bytes: Uint8Array): RecordReadResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length)
      return { records, problem: `truncated record header at byte ${at}` };
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== maskedCrc(bytes.subarray(at, at + 8)))
      return { records, problem: `bad length checksum at byte ${at}` };
    if (at + 16 + length > bytes.length)
      return { records, problem: `truncated record at byte ${at} (${length} bytes announced)` };
    const data = bytes.subarray(at + 12, at + 12 + length);
    if (view.getUint32(at + 12 + length, true) !== maskedCrc(data))
      return { records, problem: `bad data checksum at byte ${at}` };
    records.push(data);
    at += 16 + length;
  }
  return { records, problem: null };
}
