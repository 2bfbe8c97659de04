// A chart legend's hide and solo: click toggles one line, double-click shows it alone, and a
// double-click on the lone line shows every line again.
import { describe, expect, it } from 'vitest';
import {
  doubleClicked,
  shownLines,
  soloHidden,
  toggleHidden,
} from '../../../../src-renderer/src/charts/line-visibility';

const labels = ['mean', 'p50', 'p80', 'p95'];

describe('toggleHidden', () => {
  it('hides a shown line and shows a hidden one, leaving the others', () => {
    expect(toggleHidden([], 'p80')).toEqual(['p80']);
    expect(toggleHidden(['p50', 'p80'], 'p80')).toEqual(['p50']);
    expect(toggleHidden(['p50'], 'mean')).toEqual(['p50', 'mean']);
  });
});

describe('soloHidden', () => {
  it('hides every other line, whatever was hidden before', () => {
    expect(soloHidden([], labels, 'p80')).toEqual(['mean', 'p50', 'p95']);
    expect(soloHidden(['p80', 'mean'], labels, 'p80')).toEqual(['mean', 'p50', 'p95']);
  });
  it('shows all again when the line was already shown alone', () => {
    expect(soloHidden(['mean', 'p50', 'p95'], labels, 'p80')).toEqual([]);
  });
  it('a single line soloed is simply shown', () => {
    expect(soloHidden(['only'], ['only'], 'only')).toEqual([]);
  });
});

describe('doubleClicked', () => {
  /** A double-click as the legend sees it: a click (toggles), then the double-click. */
  const dblclick = (hidden: string[], label: string) =>
    doubleClicked(toggleHidden(hidden, label), labels, label);

  it('solos a shown line, a hidden one too, and a second double-click shows all', () => {
    const alone = dblclick([], 'p50');
    expect(alone).toEqual(['mean', 'p80', 'p95']);
    expect(dblclick(alone, 'p50')).toEqual([]);
    expect(dblclick(['p95'], 'p95')).toEqual(['mean', 'p50', 'p80']);
  });
  it('on another line while one is alone: that line alone', () => {
    expect(dblclick(['mean', 'p80', 'p95'], 'mean')).toEqual(['p50', 'p80', 'p95']);
  });
});

describe('shownLines', () => {
  it('drops hidden lines and keeps the order (and so the colours) of the rest', () => {
    const lines = labels.map((label, i) => ({ label, color: `c${i}` }));
    expect(shownLines(lines, ['p50'])).toEqual([
      { label: 'mean', color: 'c0' },
      { label: 'p80', color: 'c2' },
      { label: 'p95', color: 'c3' },
    ]);
    expect(shownLines(lines, [])).toEqual(lines);
    expect(shownLines(lines, labels)).toEqual([]);
  });
});
