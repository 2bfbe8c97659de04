// CSV as spreadsheets and pandas read it (RFC 4180): fields with a comma, quote, CR or LF are
// quoted, quotes doubled; lines end with \n. Numbers keep full precision (shortest round-trip).

export type CsvValue = string | number | null | undefined;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

export interface CsvPoint {
  step: number;
  wallTime: number;
  value: number;
}

/** TensorBoard's scalar download: `Wall time,Step,Value`, one series. */
export function tensorboardCsv(points: readonly CsvPoint[]): string {
  const lines = ['Wall time,Step,Value'];
  for (const p of points) lines.push(csvRow([p.wallTime, p.step, p.value]));
  return `${lines.join('\n')}\n`;
}

export const LONG_HEADER = ['run_id', 'run', 'key', 'step', 'wall_time', 'value'] as const;

export interface LongSeries {
  runId: number;
  runName: string;
  key: string;
  points: readonly CsvPoint[];
  /** Same length as points: adds a `smoothed` column. */
  smoothed?: readonly number[];
}

/** Many runs × keys in one table: `run_id,run,key,step,wall_time,value[,smoothed]`. */
export function longCsv(series: readonly LongSeries[]): { text: string; rows: number } {
  const withSmoothed = series.some((s) => s.smoothed);
  const lines = [csvRow([...LONG_HEADER, ...(withSmoothed ? ['smoothed'] : [])])];
  for (const s of series) {
    s.points.forEach((p, i) => {
      const row: CsvValue[] = [s.runId, s.runName, s.key, p.step, p.wallTime, p.value];
      if (withSmoothed) row.push(s.smoothed?.[i]);
      lines.push(csvRow(row));
    });
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

/** Parses CSV text (quoted fields, doubled quotes, embedded newlines) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
