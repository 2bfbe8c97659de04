// Facts about each task that the config schema checks and the engine relies on. Defined here
// once; engine/tasks builds the problems and a test checks they match these facts.
export const TASK_IDS = ['countdown', 'arithmetic', 'arith-1op'] as const;
export type TaskName = (typeof TASK_IDS)[number];

/** Longest BOS + prompt of each task, its held-out benchmarks included (checked by engine tests). */
export const TASK_MAX_PROMPT_TOKENS: Record<TaskName, number> = {
  countdown: 11,
  arithmetic: 25,
  'arith-1op': 8,
};

/** Benchmark ids each task offers (engine/tasks defines their problems). */
export const TASK_BENCHMARKS: Record<TaskName, readonly string[]> = {
  countdown: ['countdown3-heldout', 'countdown4-heldout'],
  arithmetic: ['arith-heldout', 'arith-hard'],
  'arith-1op': ['arith1-heldout'],
};
