import { Topics, enrollmentEventSchema } from '@stepwise/contracts';

/** Analytics reads enrollment's stream only: enrollment is the one interpreter of what happened. */
export const ANALYTICS_TOPICS = [Topics.enrollmentEvents];

/** Every message that topic carries; anything else is dead-lettered by the consumer. */
export const analyticsMessageSchema = enrollmentEventSchema;

export type AnalyticsMessage = (typeof analyticsMessageSchema)['_output'];
export type SequencePublishedMessage = Extract<AnalyticsMessage, { type: 'sequence.published' }>;
export type TransitionedMessage = Extract<AnalyticsMessage, { type: 'enrollment.transitioned' }>;
