import { z } from 'zod';
import { defineMessage } from '../envelope';
import { channelSchema, stepTypeSchema } from '../domain';

const id = z.string().min(1).max(64);

export const recipientStatusSchema = z.enum([
  'not_started',
  'in_progress',
  'pending_action',
  'paused',
  'error',
  'bounced',
  'completed',
  'replied',
  'stopped',
  'unsubscribed',
  'not_sent',
]);
export type RecipientStatus = z.infer<typeof recipientStatusSchema>;

const sequenceStepSchema = z.object({
  stepId: id,
  type: stepTypeSchema,
  name: z.string().max(200),
  position: z.number().int().min(0).describe('Order of the step in a depth-first walk of the sequence'),
  branchId: id.optional().describe('The branch node whose path holds this step'),
  branchPath: z.enum(['yes', 'no']).optional(),
});

const sequenceBranchSchema = z.object({
  branchId: id,
  name: z.string().max(200),
  position: z.number().int().min(0),
});

/** The shape of a sequence as readers need it (analytics rows); published on launch and on every edit. */
export const sequencePublishedSchema = defineMessage(
  'sequence.published',
  1,
  z.object({
    sequenceId: id,
    name: z.string().max(200),
    status: z.enum(['draft', 'active', 'paused', 'archived', 'deleted']),
    openTrackingEnabled: z.boolean(),
    steps: z.array(sequenceStepSchema),
    branches: z.array(sequenceBranchSchema),
  }),
);
export type SequencePublished = z.infer<typeof sequencePublishedSchema>;

/** A recipient reached a step: queued for it, which is when it first counts as attempted. */
export const stepReachedSchema = defineMessage(
  'enrollment.step-reached',
  1,
  z.object({
    enrollmentId: id,
    sequenceId: id,
    stepId: id,
    stepType: stepTypeSchema,
    attempt: z.number().int().min(1),
  }),
);
export type StepReached = z.infer<typeof stepReachedSchema>;

/** A recipient left a step: done (sent, task completed) or skipped (by the user or an overdue rule). */
export const stepResolvedSchema = defineMessage(
  'enrollment.step-resolved',
  1,
  z.object({
    enrollmentId: id,
    sequenceId: id,
    stepId: id,
    resolution: z.enum(['completed', 'skipped']),
  }),
);
export type StepResolved = z.infer<typeof stepResolvedSchema>;

/** A recipient's status changed; the per-recipient timeline and the audience counts follow it. */
export const statusChangedSchema = defineMessage(
  'enrollment.status-changed',
  1,
  z.object({
    enrollmentId: id,
    sequenceId: id,
    recipientId: id,
    from: recipientStatusSchema.nullable(),
    to: recipientStatusSchema,
    substatus: z.string().max(64).optional(),
    stepId: id.optional(),
    reason: z.string().max(500).optional(),
    answeredStepId: id
      .optional()
      .describe(
        "Set when the change is to 'replied': the step the reply answers, i.e. the last step that sent the recipient a message on the reply's channel (the last sent step of any channel when none did). `stepId` is where the recipient was when the reply came, often a later step still queued.",
      ),
    replyChannel: channelSchema
      .optional()
      .describe(
        "Set when the change is to 'replied': the channel the reply came on (a channel's outcome or a public reply).",
      ),
  }),
);
export type StatusChanged = z.infer<typeof statusChangedSchema>;

export const enrollmentEventSchema = z.discriminatedUnion('type', [
  sequencePublishedSchema,
  stepReachedSchema,
  stepResolvedSchema,
  statusChangedSchema,
]);
export type EnrollmentEvent = z.infer<typeof enrollmentEventSchema>;
