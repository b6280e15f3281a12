import { Injectable } from '@nestjs/common';
import { enrollmentHaltSchema, Topics, type EnrollmentHalt } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { feedEntryOf } from './enrollment-halt';
import { EnrollmentStatusRepository } from './enrollment-status.repository';

/** The group whose committed offsets the send path's read barrier waits for (HaltFeedBarrier). */
export const HALT_CONSUMER_NAME = 'enrollment-halts';

/**
 * Keeps the channel's copy of which enrollments are halted, from enrollment's compacted halt feed
 * (read from the beginning by a new group: the latest message per enrollment is its state).
 */
@Injectable()
export class EnrollmentStatusConsumer extends EnvelopeConsumerHost<EnrollmentHalt> {
  constructor(
    runtime: PlatformRuntime,
    private readonly repository: EnrollmentStatusRepository,
  ) {
    super(runtime, { name: HALT_CONSUMER_NAME, topics: [Topics.enrollmentHalts], schema: enrollmentHaltSchema });
  }

  protected handleBatch(messages: ConsumedMessage<EnrollmentHalt>[]): Promise<void> {
    return this.repository.record(
      messages.map((message) => feedEntryOf(message.envelope, message.partition, message.offset)),
    );
  }
}
