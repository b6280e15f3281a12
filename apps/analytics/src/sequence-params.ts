import { z } from 'zod';

/** Validated as an object so a 400 names the parameter; ids are at most 64 characters in every contract. */
export const sequenceParamsSchema = z.object({ sequenceId: z.string().min(1).max(64) });
export type SequenceParams = z.infer<typeof sequenceParamsSchema>;
