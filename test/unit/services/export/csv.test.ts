import { describe, expect, it } from 'vitest';
import {
  csvField,
  csvRow,
  longCsv,
  parseCsv,
  tensorboardCsv,
} from '../../../../src-main/services/export/csv';

describe('CSV', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(NaN)).toBe('NaN');
    expect(csvField(null)).toBe('');
    expect(csvRow([1, 'x,y', undefined])).toBe('1,"x,y",');
  });

  it("writes TensorBoard's Wall time,Step,Value", () => {
    const text = tensorboardCsv([
      { wallTime: 1700000000.25, step: 0, value: 0.5 },
      { wallTime: 1700000012.5, step: 1, value: NaN },
    ]);
    expect(text).toBe('Wall time,Step,Value\n1700000000.25,0,0.5\n1700000012.5,1,NaN\n');
  });

  it('writes the long format and parses back to the same values', () => {
    const { text, rows } = longCsv([
      {
        runId: 3,
        runName: 'top-20, "paper"',
        key: 'reward/mean',
        points: [
          { step: 0, wallTime: 10, value: 0.1 },
          { step: 1, wallTime: 11, value: 0.2 },
        ],
        smoothed: [0.1, 0.15],
      },
      {
        runId: 4,
        runName: 'multi\nline',
        key: 'acc',
        points: [{ step: 5, wallTime: 12, value: 1e-9 }],
      },
    ]);
    expect(rows).toBe(3);
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual(['run_id', 'run', 'key', 'step', 'wall_time', 'value', 'smoothed']);
    expect(parsed[1]).toEqual(['3', 'top-20, "paper"', 'reward/mean', '0', '10', '0.1', '0.1']);
    expect(parsed[3]).toEqual(['4', 'multi\nline', 'acc', '5', '12', '1e-9', '']);
    expect(parsed).toHaveLength(4);
  });
});
