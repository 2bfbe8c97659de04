// Any figure → its scene: a plot (lines, bands, bars, markers on axes) or a token figure.
import type { Scene, SizeOptions } from './prims';
import { layoutFigure } from './scene';
import type { FigureSpec } from './spec';
import type { TokenFigureSpec } from './tokens';
import { layoutTokens } from './tokens';

export type AnyFigureSpec = FigureSpec | TokenFigureSpec;

export function layoutAny(spec: AnyFigureSpec, size: SizeOptions = {}): Scene {
  return spec.kind === 'tokens' ? layoutTokens(spec, size) : layoutFigure(spec, size);
}
