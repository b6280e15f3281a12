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

const flag = (what: string) => z.boolean().optional().describe(what);

/**
 * What a recipient did at one step, as enrollment interprets it: the step's facts after the
 * transition, complete (a flag absent is false). Readers store them as they come; enrollment has
 * already applied every rule (a hard bounce after a delivery leaves the step bounced, not delivered;
 * a step that went through after an error is no longer errored; a skipped task is not completed).
 */
export const stepFactsSchema = z.object({
  reached: flag('The recipient was queued for the step (at least once)'),
  halted: flag(
    "The recipient's run ended (replied, stopped, bounced, unsubscribed, completed) while it was at the step",
  ),
  attempted: flag('Something was executed or attempted for the recipient at the step (errored and skipped included)'),
  sent: flag('The channel sent the step'),
  delivered: flag('The message reached the recipient (and did not bounce later)'),
  opened: flag('Opened by a person (privacy proxies and scanners excluded)'),
  clicked: flag('A link clicked by a person'),
  replied: flag('The recipient replied to this step'),
  outOfOffice: flag('An out-of-office reply came back'),
  bounced: flag('Hard bounce: the address does not work'),
  unsubscribed: flag('The recipient unsubscribed or complained from this step'),
  invited: flag('LinkedIn connection request sent'),
  accepted: flag('LinkedIn connection request accepted'),
  skipped: flag('The step was skipped (by the user or an overdue rule)'),
  completed: flag('A task or manual step was done and the recipient moved on'),
  errored: flag('The step is in error for the recipient (until it goes through after all)'),
  pending: flag('The recipient is at the step in Pending Action now (a task or manual email waiting)'),
  overdue: flag('As pending, with the due date passed'),
});
export type StepFactsPayload = z.infer<typeof stepFactsSchema>;
export const STEP_FACT_NAMES = Object.keys(stepFactsSchema.shape) as (keyof StepFactsPayload)[];

const stepRecordSchema = z.object({
  stepId: id,
  channel: channelSchema.optional().describe('The channel whose outcomes the facts came from, once one reported'),
  facts: stepFactsSchema,
  bounce: z
    .object({ kind: z.enum(['hard', 'soft']), reason: z.string().max(64).optional() })
    .optional()
    .describe("The step's last bounce: hard or soft and the reason the channel read from the report"),
  errorType: z.string().max(64).optional().describe('Why the step is in error, while it is (the error type)'),
});

/**
 * One transition of one enrollment: what it means, in one message. Keyed by enrollment id, so the
 * transitions of one enrollment arrive in order on one partition.
 */
export const enrollmentTransitionedSchema = defineMessage(
  'enrollment.transitioned',
  1,
  z.object({
    enrollmentId: id,
    sequenceId: id,
    recipientId: id,
    status: z
      .object({
        from: recipientStatusSchema.nullable(),
        to: recipientStatusSchema,
        substatus: z.string().max(64).optional(),
        stepId: id.optional().describe('The step the recipient is at after the change'),
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
      })
      .optional()
      .describe('Set when the status or substatus changed'),
    reachedStep: z
      .object({ stepId: id, stepType: stepTypeSchema, attempt: z.number().int().min(1) })
      .optional()
      .describe('Set when the transition queued the recipient for a step (again, for a retry)'),
    steps: z
      .array(stepRecordSchema)
      .max(200)
      .describe('Every step whose facts this transition changed, with all of its facts as they now are'),
  }),
);
export type EnrollmentTransitioned = z.infer<typeof enrollmentTransitionedSchema>;

export const enrollmentEventSchema = z.discriminatedUnion('type', [
  sequencePublishedSchema,
  enrollmentTransitionedSchema,
]);
export type EnrollmentEvent = z.infer<typeof enrollmentEventSchema>;
