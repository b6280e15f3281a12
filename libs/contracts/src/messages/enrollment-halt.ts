import { z } from 'zod';
import { defineMessage } from '../envelope';
import { recipientStatusSchema } from './enrollment-events';

const id = z.string().min(1).max(64);

/**
 * enrollment -> channels, on a compacted topic keyed by enrollment id: whether the enrollment is
 * halted now (a final status or a pause) and since when. The latest message per enrollment is the
 * whole state, so compaction keeps it and a channel that starts from scratch reads it back.
 */
export const enrollmentHaltSchema = defineMessage(
  'enrollment.halt',
  1,
  z.object({
    enrollmentId: id,
    sequenceId: id,
    attempt: z
      .number()
      .int()
      .min(0)
      .describe("The enrollment's attempt counter: a halt concerns only steps planned under this attempt or before"),
    halt: z
      .object({
        status: recipientStatusSchema.describe('A final status, or paused'),
        since: z.iso.datetime({ offset: true }),
      })
      .nullable()
      .describe('Null once the enrollment is not halted any more (resumed, or enrolled again)'),
  }),
);
export type EnrollmentHalt = z.infer<typeof enrollmentHaltSchema>;
