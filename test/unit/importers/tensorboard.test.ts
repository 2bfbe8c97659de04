// TFRecord framing, CRC32C, and event files: scalars as simple_value (TF1 / tensorboardX /
// PyTorch) and as tensors (TF2), a round trip through our writer, truncated and corrupt files.
import { describe, expect, it } from 'vitest';
import { Writer } from '../../../src-main/importers/protobuf';
import { readEventFile, writeEventFile } from '../../../src-main/importers/tb-events';
import { crc32c, frameRecord, maskedCrc, readRecords } from '../../../src-main/importers/tfrecord';

const enc = (s: string) => new TextEncoder().encode(s);

describe('TFRecord', () => {
  it('computes CRC-32C (Castagnoli) check values', () => {
    expect(crc32c(enc('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(maskedCrc(enc(''))).toBe(((0 >>> 15) | (0 << 17)) + 0xa282ead8);
  });
  it('frames and reads back records, and stops at a corrupt one', () => {
    const a = frameRecord(enc('first'));
    const b = frameRecord(enc('second'));
    const both = new Uint8Array([...a, ...b]);
    expect(readRecords(both).records.map((r) => new TextDecoder().decode(r))).toEqual([
      'first',
      'second',
    ]);
    const corrupt = both.slice();
    corrupt[a.length + 13] = (corrupt[a.length + 13] as number) ^ 0xff;
    const read = readRecords(corrupt);
    expect(read.records).toHaveLength(1);
    expect(read.problem).toMatch(/bad data checksum at byte 21/);
    expect(readRecords(both.subarray(0, both.length - 3)).problem).toMatch(/truncated record/);
  });
});

describe('event files', () => {
  it('reads TF1-style simple_value scalars and skips non-scalar values', () => {
    const value = new Writer().string(1, 'train/reward').float(2, 0.5).finish();
    const image = new Writer()
      .string(1, 'samples')
      .bytes(4, new Uint8Array([1, 2]))
      .finish();
    const summary = new Writer().bytes(1, value).bytes(1, image).finish();
    const event = new Writer().double(1, 1700000000.25).int(2, 12).bytes(5, summary).finish();
    const file = new Uint8Array([
      ...frameRecord(new Writer().double(1, 1700000000).string(3, 'brain.Event:2').finish()),
      ...frameRecord(event),
    ]);
    const read = readEventFile(file);
    expect(read.scalars).toEqual([
      { tag: 'train/reward', step: 12, wallTime: 1700000000.25, value: 0.5 },
    ]);
    expect(read.skippedValues).toBe(1);
    expect(read.problems).toEqual([]);
  });

  it('round-trips scalars exactly, non-finite values included', () => {
    const scalars = [
      { tag: 'reward/mean', step: 0, wallTime: 1000.5, value: 0.123456789012345 },
      { tag: 'entropy/mean', step: 0, wallTime: 1000.5, value: NaN },
      { tag: 'reward/mean', step: 1, wallTime: 1001.5, value: -Infinity },
      { tag: 'eval/arith1-heldout/avg@4', step: 1, wallTime: 1001.5, value: 0.75 },
      { tag: 'reward/mean', step: 123456789, wallTime: 1002, value: 1e-300 },
    ];
    const read = readEventFile(writeEventFile(scalars, 999));
    expect(read.problems).toEqual([]);
    expect(read.scalars).toEqual(scalars);
  });

  it('keeps the whole records of a file cut off mid-write and says where it stopped', () => {
    const bytes = writeEventFile(
      [1, 2, 3].map((step) => ({ tag: 'x', step, wallTime: step, value: step / 10 })),
      0,
    );
    const read = readEventFile(bytes.subarray(0, bytes.length - 5));
    expect(read.scalars.map((s) => s.step)).toEqual([1, 2]);
    expect(read.problems[0]).toMatch(/truncated record/);
  });
});
