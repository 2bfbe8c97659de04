import type { ModelConfig, UniformRng } from '../../../../src-main/engine/model';
import { mulberry32 } from '../../../../src-main/engine/model/rng';

export const tiny: ModelConfig = {
  vocabSize: 11,
  contextLength: 16,
  dModel: 16,
  nLayers: 2,
  nHeads: 2,
  mlpRatio: 2,
};

export function rng(seed: number): UniformRng {
  return mulberry32(seed);
}
