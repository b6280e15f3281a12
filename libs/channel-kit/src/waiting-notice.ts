import { createEnvelope, stepWaitingSchema, Topics, type Channel } from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';
import type { Settlement } from './send-log.repository';

/** step.waiting: the attempt is held until the recipient can be reached (LinkedIn: waiting to connect). */
export function waitingNotice(channel: Channel, tenantId: string, settlement: Settlement): OutboxMessage {
  return {
    topic: Topics.stepNotices,
    envelope: createEnvelope(stepWaitingSchema, {
      tenantId,
      key: settlement.step.enrollmentId,
      payload: {
        step: settlement.step,
        channel,
        substatus: 'waiting_to_connect',
        waitUntil: (settlement.waitUntil ?? new Date()).toISOString(),
      },
    }),
  };
}
