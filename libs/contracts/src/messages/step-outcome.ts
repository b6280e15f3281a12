import { z } from 'zod';
import { defineMessage } from '../envelope';
import { channelSchema, errorTypeSchema, outcomeKindSchema, stepAttemptSchema } from '../domain';

/** What happened to a step attempt, as observed by its channel service. */
export const stepOutcomeSchema = defineMessage(
  'step.outcome',
  1,
  z.object({
    step: stepAttemptSchema,
    channel: channelSchema,
    outcome: outcomeKindSchema,
    providerMessageId: z.string().max(500).optional(),
    bounce: z.enum(['hard', 'soft']).optional(),
    error: z
      .object({
        type: errorTypeSchema,
        message: z.string().max(2000),
        suggestedFix: z.string().max(2000),
      })
      .optional(),
    outOfOfficeUntil: z.iso.date().optional(),
    machineGenerated: z.boolean().optional().describe('Open or click by a privacy proxy or scanner'),
  }),
);
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;
