import { z } from 'zod';
import { defineMessage } from '../envelope';
import { channelSchema, noNul } from '../domain';

/**
 * How an internal service names a recipient: the enrollment id when it has one, otherwise the
 * tenant-scoped email, phone or LinkedIn profile (at least one must be given).
 */
export const recipientLocatorSchema = z
  .object({
    enrollmentId: z.string().min(1).max(64).regex(noNul, 'must not contain NUL characters').optional(),
    email: z.email().optional(),
    phone: z.string().min(1).max(32).regex(noNul, 'must not contain NUL characters').optional(),
    linkedinProfile: z.string().min(1).max(500).regex(noNul, 'must not contain NUL characters').optional(),
  })
  .refine((r) => Boolean(r.enrollmentId ?? r.email ?? r.phone ?? r.linkedinProfile), {
    message: 'one of enrollmentId, email, phone or linkedinProfile is required',
  });

/** Published by inbox sync, ATS and other internal services when a candidate replied. */
export const replyReceivedSchema = defineMessage(
  'reply.received',
  1,
  z.object({
    recipient: recipientLocatorSchema,
    channel: channelSchema,
    receivedAt: z.iso.datetime({ offset: true }),
    sentiment: z.enum(['interested', 'not_interested']).optional(),
    outOfOfficeUntil: z.iso.date().optional().describe('Set when the reply is an out-of-office auto-reply'),
  }),
);
export type ReplyReceived = z.infer<typeof replyReceivedSchema>;

/** Published by internal services to stop outreach to a candidate (e.g. entered an interview process). */
export const recipientSignalSchema = defineMessage(
  'recipient.signal',
  1,
  z.object({
    recipient: recipientLocatorSchema,
    signal: z.enum(['unsubscribe', 'stop_everywhere', 'do_not_contact']),
    reason: z.string().max(500).optional(),
  }),
);
export type RecipientSignal = z.infer<typeof recipientSignalSchema>;
