// Facts about each task that the config schema checks and the engine relies on. Defined here
// once; engine/tasks builds the problems and a test checks they match these facts.
export const TASK_IDS = ['pair-search', 'countdown', 'arithmetic'] as const;
export type TaskName = (typeof TASK_IDS)[number];

/** Longest BOS + prompt of each task, its held-out benchmarks included (checked by engine tests). */
export const TASK_MAX_PROMPT_TOKENS: Record<TaskName, number> = {
  'pair-search': 11,
  countdown: 11,
  arithmetic: 25,
};

/** Benchmark ids each task offers (engine/tasks defines their problems). */
export const TASK_BENCHMARKS: Record<TaskName, readonly string[]> = {
  'pair-search': ['pair-heldout'],
  countdown: ['countdown3-heldout', 'countdown4-heldout'],
  arithmetic: ['arith-heldout', 'arith-hard'],
};
