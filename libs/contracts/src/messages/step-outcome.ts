import { z } from 'zod';
import { defineMessage } from '../envelope';
import { channelSchema, errorTypeSchema, inboundClassSchema, outcomeKindSchema, stepAttemptSchema } from '../domain';

/** What happened to a step attempt, as observed by its channel service. */
export const stepOutcomeSchema = defineMessage(
  'step.outcome',
  1,
  z
    .object({
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
      delivered: z
        .literal(true)
        .optional()
        .describe(
          "Only on `sent`: the provider's acceptance is also the delivery (email: the next hop answered 250), so this one message stands for `sent` and `delivered` and no separate `delivered` follows. Absent where delivery is reported later as its own outcome (SMS).",
        ),
      inbound: z
        .object({
          class: inboundClassSchema,
          reason: z
            .string()
            .max(64)
            .optional()
            .describe(
              'Bounce reason (userunknown, mailboxfull, authfailure, ...), complaint feedback type (abuse, fraud), or the auto-reply sign (auto_submitted, read_receipt, challenge_response, ...)',
            ),
          status: z.string().max(16).optional().describe('Enhanced status code of a bounce (RFC 3463), e.g. 5.2.2'),
          diagnostic: z.string().max(1000).optional().describe("The receiving server's own words"),
          address: z.string().max(320).optional().describe('The failed or complaining address the report names'),
        })
        .optional()
        .describe('Set on outcomes read from an inbound mail: what the mail was and why'),
    })
    // Delivery of anything but an accepted send is not a fact a provider reports.
    .refine((payload) => !payload.delivered || payload.outcome === 'sent', {
      error: 'delivered is only set on a sent outcome',
      path: ['delivered'],
    }),
);
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;
