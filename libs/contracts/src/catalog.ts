import type { z } from 'zod';
import { Topics, type TopicName } from './topics';
import { timerCancelledSchema, timerScheduledSchema } from './messages/timer-commands';
import { timerDeferredSchema, timerFiredSchema } from './messages/timer-fired';
import { stepDueSchema } from './messages/step-due';
import { stepOutcomeSchema } from './messages/step-outcome';
import { stepSkippedSchema, stepWaitingSchema } from './messages/step-notices';
import { identityHealthSchema } from './messages/identity-health';
import { identityConnectionSchema } from './messages/identity-connection';
import {
  sequencePublishedSchema,
  statusChangedSchema,
  stepReachedSchema,
  stepResolvedSchema,
} from './messages/enrollment-events';
import { recipientSignalSchema, replyReceivedSchema } from './messages/public-topics';
import { deadLetterSchema } from './messages/dead-letter';

/** Which messages travel on which topic: the source of the exported JSON Schema files. */
export const topicCatalog: Record<TopicName, { description: string; messages: z.ZodType[] }> = {
  [Topics.timerCommands]: {
    description: 'enrollment -> dispatcher: schedule, reschedule (higher version) or cancel a timer',
    messages: [timerScheduledSchema, timerCancelledSchema],
  },
  [Topics.timerFired]: {
    description: 'dispatcher -> enrollment: a notify timer came due, or a send step was deferred (window, limits)',
    messages: [timerFiredSchema, timerDeferredSchema],
  },
  [Topics.emailStepDue]: { description: 'dispatcher -> channel-email: send now', messages: [stepDueSchema] },
  [Topics.smsStepDue]: { description: 'dispatcher -> channel-sms: send now', messages: [stepDueSchema] },
  [Topics.socialStepDue]: { description: 'dispatcher -> channel-social: send now', messages: [stepDueSchema] },
  [Topics.emailOutcomes]: { description: 'channel-email -> enrollment, analytics', messages: [stepOutcomeSchema] },
  [Topics.smsOutcomes]: { description: 'channel-sms -> enrollment, analytics', messages: [stepOutcomeSchema] },
  [Topics.socialOutcomes]: { description: 'channel-social -> enrollment, analytics', messages: [stepOutcomeSchema] },
  [Topics.stepNotices]: {
    description:
      'channels -> enrollment, analytics: attempts a channel skipped (enrollment halted) or holds back (waiting to connect)',
    messages: [stepSkippedSchema, stepWaitingSchema],
  },
  [Topics.identityHealth]: {
    description: 'channels -> enrollment: a sender identity lost or regained its login',
    messages: [identityHealthSchema],
  },
  [Topics.identityConnections]: {
    description:
      'enrollment -> channel-email (compacted, keyed by identity): the SMTP/IMAP connection of a sender identity, secrets sealed',
    messages: [identityConnectionSchema],
  },
  [Topics.enrollmentEvents]: {
    description: 'enrollment -> analytics: sequence shapes and recipient state changes',
    messages: [sequencePublishedSchema, stepReachedSchema, stepResolvedSchema, statusChangedSchema],
  },
  [Topics.publicReplies]: {
    description: 'PUBLIC. Internal services -> enrollment: a candidate replied',
    messages: [replyReceivedSchema],
  },
  [Topics.publicRecipientSignals]: {
    description: 'PUBLIC. Internal services -> enrollment: unsubscribe, stop everywhere, do not contact',
    messages: [recipientSignalSchema],
  },
  [Topics.deadLetter]: {
    description: 'Any consumer -> operators: a message that could not be handled, with the reason',
    messages: [deadLetterSchema],
  },
};
