import { z } from 'zod';
import {
  Topics,
  sequencePublishedSchema,
  statusChangedSchema,
  stepOutcomeSchema,
  stepReachedSchema,
  stepResolvedSchema,
} from '@stepwise/contracts';

/** The topics the Step-wise Success Snapshot is built from. */
export const ANALYTICS_TOPICS = [
  Topics.enrollmentEvents,
  Topics.emailOutcomes,
  Topics.smsOutcomes,
  Topics.socialOutcomes,
];

/** Every message those topics carry; anything else is dead-lettered by the consumer. */
export const analyticsMessageSchema = z.discriminatedUnion('type', [
  sequencePublishedSchema,
  stepReachedSchema,
  stepResolvedSchema,
  statusChangedSchema,
  stepOutcomeSchema,
]);

export type AnalyticsMessage = z.infer<typeof analyticsMessageSchema>;
export type SequencePublishedMessage = Extract<AnalyticsMessage, { type: 'sequence.published' }>;
export type StepReachedMessage = Extract<AnalyticsMessage, { type: 'enrollment.step-reached' }>;
export type StepResolvedMessage = Extract<AnalyticsMessage, { type: 'enrollment.step-resolved' }>;
export type StatusChangedMessage = Extract<AnalyticsMessage, { type: 'enrollment.status-changed' }>;
export type StepOutcomeMessage = Extract<AnalyticsMessage, { type: 'step.outcome' }>;
