import { z } from 'zod';

/** The step types a sequence can hold, in the product's words. */
export const stepTypeSchema = z.enum([
  'automated_email',
  'manual_email',
  'marketing_email',
  'linkedin_connection_request',
  'linkedin_message',
  'sms',
  'task',
]);
export type StepType = z.infer<typeof stepTypeSchema>;

export const channelSchema = z.enum(['email', 'sms', 'social']);
export type Channel = z.infer<typeof channelSchema>;

export const EMAIL_STEP_TYPES = ['automated_email', 'manual_email', 'marketing_email'] as const;
export const SOCIAL_STEP_TYPES = ['linkedin_connection_request', 'linkedin_message'] as const;

/** Which channel service sends a step type; tasks are not sent by any channel. */
export function channelOfStepType(stepType: StepType): Channel | null {
  if ((EMAIL_STEP_TYPES as readonly StepType[]).includes(stepType)) return 'email';
  if ((SOCIAL_STEP_TYPES as readonly StepType[]).includes(stepType)) return 'social';
  if (stepType === 'sms') return 'sms';
  return null;
}

/** Postgres text cannot hold NUL: refused here, it is a schema violation naming the field, not a failing handler. */
// eslint-disable-next-line no-control-regex -- the control character is the point: it is refused
export const noNul = /^[^\u0000]*$/;
const id = z.string().min(1).max(64).regex(noNul, 'must not contain NUL characters');
const variables = z.record(z.string().max(100), z.string().max(2000)).describe('Recipient variables for templates');

/** Where a step is sent from: the mailbox, phone number or social account of a sender identity. */
export const senderIdentityRefSchema = z.object({
  identityId: id,
  address: z.string().min(1).max(320).describe('From address, phone number (E.164) or social account id'),
  displayName: z.string().max(200).optional(),
});

/** What a channel needs to send one step to one recipient; templates are rendered by the channel. */
export const stepDeliverySchema = z.discriminatedUnion('channel', [
  z.object({
    channel: z.literal('email'),
    stepType: z.enum(EMAIL_STEP_TYPES),
    sender: senderIdentityRefSchema,
    to: z.email(),
    variables,
    subject: z.string().max(998),
    body: z.string().max(200_000),
    sameThreadAsPrevious: z.boolean().default(false),
    openTracking: z
      .boolean()
      .optional()
      .describe('Tracking pixel and opened outcomes for this account or sequence; absent means on'),
  }),
  z.object({
    channel: z.literal('sms'),
    stepType: z.literal('sms'),
    sender: senderIdentityRefSchema,
    to: z.string().min(1).max(32),
    variables,
    body: z.string().max(1600),
  }),
  z.object({
    channel: z.literal('social'),
    stepType: z.enum(SOCIAL_STEP_TYPES),
    sender: senderIdentityRefSchema,
    to: z.string().min(1).max(500).describe('LinkedIn profile URL or provider id'),
    variables,
    body: z.string().max(8000),
    waitForConnection: z
      .boolean()
      .optional()
      .describe(
        'Message step to someone not connected yet: wait for the acceptance (absent means wait) or fail at once',
      ),
    waitForConnectionDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .optional()
      .describe("How long a message waits for the acceptance before it fails; absent: the channel's default (14 days)"),
  }),
]);
export type StepDelivery = z.infer<typeof stepDeliverySchema>;

/** Names one execution of one step for one recipient; the idempotency key of a send. */
export const stepAttemptSchema = z.object({
  enrollmentId: id,
  sequenceId: id,
  stepId: id,
  attempt: z.number().int().min(1),
});
export type StepAttempt = z.infer<typeof stepAttemptSchema>;

export const outcomeKindSchema = z.enum([
  'sent',
  'delivered',
  'opened',
  'clicked',
  'replied',
  'out_of_office',
  'bounced',
  'failed',
  'unsubscribed',
  'complaint',
  'auto_reply',
  'invited',
  'accepted',
]);
export type OutcomeKind = z.infer<typeof outcomeKindSchema>;

/**
 * What an inbound mail is, as the email channel read it: a person's reply, a bounce, a complaint
 * (feedback loop report), a mailed unsubscribe request, an out-of-office notice, another automatic
 * reply (RFC 3834 headers, read receipt, challenge/response, list mail) or a delivery notice
 * (a delayed or relayed DSN, never a bounce).
 */
export const inboundClassSchema = z.enum([
  'reply',
  'bounce',
  'complaint',
  'unsubscribe',
  'out_of_office',
  'auto_reply',
  'delivery_notice',
]);
export type InboundClass = z.infer<typeof inboundClassSchema>;

export const errorTypeSchema = z.enum([
  'auth',
  'invalid_address',
  'provider_down',
  'content',
  'unknown_delivery_state',
]);
export type ErrorType = z.infer<typeof errorTypeSchema>;
