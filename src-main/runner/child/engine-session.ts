// What the trainer loop needs from the engine, as one small interface. The adapter that builds
// it from engine/ lives in engine-adapter.ts; the loop stays testable and engine-agnostic.
import type { RolloutRecord } from '../../contract/rollout';
import type { EvalRecord } from '../../contract/eval-record';
import type { LogLevel } from '../../contract/trainer-protocol';

export interface EngineSession {
  readonly backend: { backend: string; device: string; notes: string[] };
  readonly schedule: { totalSteps: number; evalEvery: number; checkpointEvery: number };
  /** Training steps completed so far (0 before the first; the checkpointed step after a load). */
  readonly step: number;
  /** One RL step: rollouts, rewards, masked policy-gradient update. */
  trainStep(): Promise<{
    step: number;
    values: Record<string, number>;
    samples: RolloutRecord[];
  }>;
  /** Scores the current policy on the task's eval benchmarks. */
  evaluate(): Promise<EvalRecord[]>;
  /** Everything needed to continue exactly: weights, optimizer, RNG, step. */
  saveState(): Promise<Uint8Array>;
  loadState(bytes: Uint8Array): Promise<void>;
  dispose(): void;
}

export type OpenEngineSession = (
  config: Record<string, unknown>,
  log: (level: LogLevel, message: string) => void,
  /** Where the run's files live (base models are looked up under it too). */
  context: {
    dataDir: string;
    /** The replica worker's module when built (bundles move it); beside the engine otherwise. */
    replicaWorker?: URL;
  },
) => Promise<EngineSession>;
