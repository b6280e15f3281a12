/**
 * Every Kafka topic of the system. Names carry their schema version: a breaking change to a
 * message gets a new topic, so old and new publishers can run side by side during a rollout.
 */
export const Topics = {
  timerCommands: 'stepwise.dispatcher.timer-commands.v1',
  timerFired: 'stepwise.dispatcher.timer-fired.v1',
  emailStepDue: 'stepwise.channel-email.step-due.v1',
  smsStepDue: 'stepwise.channel-sms.step-due.v1',
  socialStepDue: 'stepwise.channel-social.step-due.v1',
  emailOutcomes: 'stepwise.channel-email.outcomes.v1',
  smsOutcomes: 'stepwise.channel-sms.outcomes.v1',
  socialOutcomes: 'stepwise.channel-social.outcomes.v1',
  stepNotices: 'stepwise.channel.step-notices.v1',
  identityHealth: 'stepwise.channel.identity-health.v1',
  identityConnections: 'stepwise.enrollment.identity-connections.v1',
  enrollmentEvents: 'stepwise.enrollment.events.v1',
  enrollmentHalts: 'stepwise.enrollment.halts.v1',
  publicReplies: 'stepwise.public.replies.v1',
  publicRecipientSignals: 'stepwise.public.recipient-signals.v1',
  deadLetter: 'stepwise.dead-letter.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export interface TopicSpec {
  topic: TopicName;
  partitions: number;
  configEntries?: { name: string; value: string }[];
}

/**
 * A dead letter wraps a rejected message, escaped again as JSON: it can outgrow the broker's 1 MiB
 * default even though the original fitted, and a refused dead letter would stop its consumer.
 */
export const DEAD_LETTER_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The dead-letter topic is low volume and kept small whatever the configured fan-out. */
export function topicSpecs(partitions: number): TopicSpec[] {
  return Object.values(Topics).map((topic): TopicSpec => {
    if (topic === Topics.deadLetter)
      return {
        topic,
        partitions: Math.min(partitions, 3),
        configEntries: [{ name: 'max.message.bytes', value: String(DEAD_LETTER_MAX_MESSAGE_BYTES) }],
      };
    // The latest connection per identity is the state: compaction keeps it for ever, and drops the rest.
    // Same for the halt feed: the latest message per enrollment is whether it is halted now.
    if (topic === Topics.identityConnections || topic === Topics.enrollmentHalts)
      return { topic, partitions, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] };
    return { topic, partitions };
  });
}
