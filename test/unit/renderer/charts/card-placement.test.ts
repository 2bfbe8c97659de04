// The hover card's placement: beside the hovered column, flipped when it does not fit, inside the
// bounds, and never over a marked point.
import { describe, expect, it } from 'vitest';
import { placeCard } from '../../../../src-renderer/src/charts/card-placement';
import type { PlaceInput } from '../../../../src-renderer/src/charts/card-placement';

const bounds = { left: 0, top: 0, right: 1000, bottom: 600 };
const card = { width: 200, height: 240 };
const at = (x: number, y = 300): PlaceInput => ({
  column: { left: x - 2, right: x + 2 },
  points: { top: y - 50, bottom: y + 50 },
  cursorY: y,
  card,
  bounds,
  gap: 12,
});
const inside = (p: { left: number; top: number }) =>
  p.left >= bounds.left &&
  p.top >= bounds.top &&
  p.left + card.width <= bounds.right &&
  p.top + card.height <= bounds.bottom;

describe('placeCard', () => {
  it('goes right of the column, centred on the cursor', () => {
    expect(placeCard(at(300))).toEqual({ left: 314, top: 180, side: 'right' });
  });

  it('flips left of the column near the right edge', () => {
    const p = placeCard(at(900));
    expect(p).toEqual({ left: 898 - 12 - 200, top: 180, side: 'left' });
  });

  it('stays inside the bounds vertically near the top and bottom', () => {
    expect(placeCard(at(300, 20)).top).toBe(0);
    expect(placeCard(at(300, 590)).top).toBe(600 - 240);
  });

  it('never overlaps the column, at any x across the bounds', () => {
    for (let x = 2; x <= 998; x += 7) {
      const p = placeCard(at(x));
      expect(inside(p)).toBe(true);
      const right = p.left + card.width;
      expect(right < x - 2 || p.left > x + 2).toBe(true);
    }
  });

  it('too narrow for either side: above the points, or below them when there is no room', () => {
    const narrow = { ...bounds, right: 300 };
    const above = placeCard({ ...at(150, 400), bounds: narrow });
    expect(above.side).toBe('above');
    expect(above.top + card.height).toBeLessThanOrEqual(350 - 12);
    const below = placeCard({ ...at(150, 100), bounds: narrow });
    expect(below).toMatchObject({ side: 'below', top: 162 });
    expect(below.left).toBeGreaterThanOrEqual(0);
    expect(below.left + card.width).toBeLessThanOrEqual(300);
  });
});
