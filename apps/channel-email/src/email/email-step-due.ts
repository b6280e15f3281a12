import type { z } from 'zod';
import { stepDueSchema, type StepDelivery, type StepDue } from '@stepwise/contracts';

export type EmailDelivery = Extract<StepDelivery, { channel: 'email' }>;
export type EmailStepDue = StepDue & { payload: StepDue['payload'] & { delivery: EmailDelivery } };

/**
 * step.due as this service accepts it: the shared schema, plus the email channel. A command for
 * another channel on this topic is a publisher's bug; it goes to the dead-letter topic with this
 * reason instead of being half-sent.
 */
export const emailStepDueSchema = stepDueSchema.refine((message) => message.payload.delivery.channel === 'email', {
  error: 'payload.delivery.channel must be "email" on the email step-due topic',
  path: ['payload', 'delivery', 'channel'],
}) as unknown as z.ZodType<EmailStepDue>;
