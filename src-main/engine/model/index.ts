// Model entry point for the rest of the engine.
//
//   await initBackend('auto');                       // engine/backend.ts, once per process
//   const policy = createPolicy(config, seed);        // implements Policy (types.ts)
//   const { logProbs, entropy } = tokenLogProbsAndEntropy(policy.logits(ids), targets, temp);
//   const opt = createOptimizer({ lr: 1e-3, clipNorm: 1 });
//   const { loss, gradNorm } = trainStep(policy, opt, (p) => lossScalar(p));
export type * from './types';
export { createPolicy, TransformerPolicy } from './transformer';
export { tokenLogProbsAndEntropy, pickToken } from './logprobs';
export { createOptimizer, trainStep, Adam } from './optimizer';
export type { OptimizerConfig, OptimizerState } from './optimizer';
