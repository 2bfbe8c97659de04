// The engines a Forkbench run can be exported to, pinned: key names drift between versions
// (research/scale-out.md A.1), so a bundle targets exactly one commit or release.
export const ENGINES = ['verl', 'trl'] as const;
export type EngineId = (typeof ENGINES)[number];

export interface EnginePin {
  id: EngineId;
  label: string;
  repo: string;
  /** Release this bundle was written for (TRL), or the fork's version file (verl). */
  version: string;
  commit: string;
  /** What to install where the launcher's command is missing. */
  install: string;
  /** The command the launcher needs on PATH. */
  command: 'ray' | 'accelerate';
}

export const ENGINE_PINS: Record<EngineId, EnginePin> = {
  verl: {
    id: 'verl',
    label: "verl (the paper authors' fork, DAPO recipe, on Ray)",
    repo: 'https://github.com/Shenzhi-Wang/Beyond-the-80-20-Rule-RLVR',
    version: '0.7.0.dev',
    commit: '6f5dda6f70dbee207bea28705e5f96ce12eb98df',
    install:
      'pip install "ray[default]" on this machine (it only submits); on the cluster, a checkout of ' +
      'Shenzhi-Wang/Beyond-the-80-20-Rule-RLVR at 6f5dda6f with its requirements',
    command: 'ray',
  },
  trl: {
    id: 'trl',
    label: 'TRL GRPOTrainer (accelerate)',
    repo: 'https://github.com/huggingface/trl',
    version: '1.10.0.dev0',
    commit: 'f2cd57710ae345ea6428ae95363267fcf38a3dc8',
    install:
      'pip install "git+https://github.com/huggingface/trl@f2cd57710ae345ea6428ae95363267fcf38a3dc8" ' +
      'accelerate datasets pandas pyarrow tensorboard on every node',
    command: 'accelerate',
  },
};
