import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  envelopeSchema,
  enrollmentTransitionedSchema,
  Topics,
  type Envelope,
  type EnrollmentTransitioned,
} from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { statusFactOf } from './enrollment-halt';
import { EnrollmentStatusRepository } from './enrollment-status.repository';

const TRANSITIONED = enrollmentTransitionedSchema.shape.type.value;

/**
 * The enrollment events topic carries other messages too (sequence published, and whatever
 * enrollment adds later): those pass untouched; only a malformed transition is dead-lettered, with
 * the field its own schema names.
 */
export const enrollmentEventForChannels = envelopeSchema.transform(
  (message, ctx): Envelope | EnrollmentTransitioned => {
    if (message.type !== TRANSITIONED) return message;
    const parsed = enrollmentTransitionedSchema.safeParse(message);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  },
);
type EnrollmentEventForChannels = z.infer<typeof enrollmentEventForChannels>;

/** Keeps the channel's copy of which enrollments halted, so the send path can refuse their steps. */
@Injectable()
export class EnrollmentStatusConsumer extends EnvelopeConsumerHost<EnrollmentEventForChannels> {
  constructor(
    runtime: PlatformRuntime,
    private readonly repository: EnrollmentStatusRepository,
  ) {
    super(runtime, {
      name: 'enrollment-status',
      topics: [Topics.enrollmentEvents],
      schema: enrollmentEventForChannels,
    });
  }

  protected handleBatch(messages: ConsumedMessage<EnrollmentEventForChannels>[]): Promise<void> {
    const changes = messages
      .map((message) => message.envelope)
      .filter(
        (envelope): envelope is Parameters<typeof statusFactOf>[0] =>
          envelope.type === TRANSITIONED && (envelope as EnrollmentTransitioned).payload.status !== undefined,
      );
    return this.repository.record(changes.map(statusFactOf));
  }
}
