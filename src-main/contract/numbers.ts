// Number schemas shared by the records the trainer reports.
import { z } from 'zod';

/** Any JS number, NaN and ±Infinity included: a diverging loss is information, not an error. */
export const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
