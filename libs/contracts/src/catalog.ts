import type { z } from 'zod';
import { Topics, type TopicName } from './topics';
import { timerCancelledSchema, timerScheduledSchema } from './messages/timer-commands';
import { timerDeferredSchema, timerFiredSchema } from './messages/timer-fired';
import { stepDueSchema } from './messages/step-due';
import { stepOutcomeSchema } from './messages/step-outcome';
import { stepSkippedSchema, stepWaitingSchema } from './messages/step-notices';
import { identityHealthSchema } from './messages/identity-health';
import { identityConnectionSchema } from './messages/identity-connection';
import { sequencePublishedSchema, enrollmentTransitionedSchema } from './messages/enrollment-events';
import { enrollmentHaltSchema } from './messages/enrollment-halt';
import { recipientSignalSchema, replyReceivedSchema } from './messages/public-topics';
import { deadLetterSchema } from './messages/dead-letter';

/** A service of this repository, or anyone outside it (the public topics' publishers, operators). */
export type Party =
  | 'enrollment'
  | 'dispatcher'
  | 'channel-email'
  | 'channel-sms'
  | 'channel-social'
  | 'analytics'
  | 'internal services'
  | 'operators';

export interface TopicEntry {
  description: string;
  messages: z.ZodType[];
  producers: Party[];
  consumers: Party[];
}

/** Which messages travel on which topic, who writes and who reads it: the source of the JSON Schema and AsyncAPI documents. */
export const topicCatalog: Record<TopicName, TopicEntry> = {
  [Topics.timerCommands]: {
    description: 'enrollment -> dispatcher: schedule, reschedule (higher version) or cancel a timer',
    messages: [timerScheduledSchema, timerCancelledSchema],
    producers: ['enrollment'],
    consumers: ['dispatcher'],
  },
  [Topics.timerFired]: {
    description: 'dispatcher -> enrollment: a notify timer came due, or a send step was deferred (window, limits)',
    messages: [timerFiredSchema, timerDeferredSchema],
    producers: ['dispatcher'],
    consumers: ['enrollment'],
  },
  [Topics.emailStepDue]: {
    description: 'dispatcher -> channel-email: send now',
    messages: [stepDueSchema],
    producers: ['dispatcher'],
    consumers: ['channel-email'],
  },
  [Topics.smsStepDue]: {
    description: 'dispatcher -> channel-sms: send now',
    messages: [stepDueSchema],
    producers: ['dispatcher'],
    consumers: ['channel-sms'],
  },
  [Topics.socialStepDue]: {
    description: 'dispatcher -> channel-social: send now',
    messages: [stepDueSchema],
    producers: ['dispatcher'],
    consumers: ['channel-social'],
  },
  [Topics.emailOutcomes]: {
    description: 'channel-email -> enrollment, analytics',
    messages: [stepOutcomeSchema],
    producers: ['channel-email'],
    consumers: ['enrollment', 'analytics'],
  },
  [Topics.smsOutcomes]: {
    description: 'channel-sms -> enrollment, analytics',
    messages: [stepOutcomeSchema],
    producers: ['channel-sms'],
    consumers: ['enrollment', 'analytics'],
  },
  [Topics.socialOutcomes]: {
    description: 'channel-social -> enrollment, analytics',
    messages: [stepOutcomeSchema],
    producers: ['channel-social'],
    consumers: ['enrollment', 'analytics'],
  },
  [Topics.stepNotices]: {
    description:
      'channels -> enrollment, analytics: attempts a channel skipped (enrollment halted) or holds back (waiting to connect)',
    messages: [stepSkippedSchema, stepWaitingSchema],
    producers: ['channel-email', 'channel-sms', 'channel-social'],
    consumers: ['enrollment'],
  },
  [Topics.identityHealth]: {
    description: 'channels -> enrollment: a sender identity lost or regained its login',
    messages: [identityHealthSchema],
    producers: ['channel-email', 'channel-sms', 'channel-social'],
    consumers: ['enrollment'],
  },
  [Topics.identityConnections]: {
    description:
      'enrollment -> channel-email (compacted, keyed by identity): the SMTP/IMAP connection of a sender identity, secrets sealed',
    messages: [identityConnectionSchema],
    producers: ['enrollment'],
    consumers: ['channel-email'],
  },
  [Topics.enrollmentEvents]: {
    description:
      'enrollment -> analytics, channels: sequence shapes and one interpreted event per recipient transition (status, step reached, step facts)',
    messages: [sequencePublishedSchema, enrollmentTransitionedSchema],
    producers: ['enrollment'],
    consumers: ['analytics'],
  },
  [Topics.enrollmentHalts]: {
    description:
      'enrollment -> channels (compacted, keyed by enrollment): whether an enrollment is halted (final status or paused) and since when',
    messages: [enrollmentHaltSchema],
    producers: ['enrollment'],
    consumers: ['channel-email', 'channel-sms', 'channel-social'],
  },
  [Topics.publicReplies]: {
    description: 'PUBLIC. Internal services -> enrollment: a candidate replied',
    messages: [replyReceivedSchema],
    producers: ['internal services'],
    consumers: ['enrollment'],
  },
  [Topics.publicRecipientSignals]: {
    description: 'PUBLIC. Internal services -> enrollment: unsubscribe, stop everywhere, do not contact',
    messages: [recipientSignalSchema],
    producers: ['internal services'],
    consumers: ['enrollment'],
  },
  [Topics.deadLetter]: {
    description: 'Any consumer -> operators: a message that could not be handled, with the reason',
    messages: [deadLetterSchema],
    producers: ['enrollment', 'dispatcher', 'channel-email', 'channel-sms', 'channel-social', 'analytics'],
    consumers: ['operators'],
  },
};
