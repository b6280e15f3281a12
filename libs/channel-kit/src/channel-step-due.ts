import type { ZodType } from 'zod';
import { stepDueSchema, type Channel, type StepDelivery, type StepDue } from '@stepwise/contracts';

/** A step-due whose delivery is for channel C, so the sender reads C's fields without checks. */
export type StepDueFor<C extends Channel> = StepDue & {
  payload: StepDue['payload'] & { delivery: Extract<StepDelivery, { channel: C }> };
};

/**
 * The step-due schema of one channel's topic. A command for another channel on it is a routing
 * bug upstream; failing validation sends it to the dead-letter topic with the reason, instead of
 * sending something this channel does not know how to send.
 */
export function stepDueSchemaFor<C extends Channel>(channel: C): ZodType<StepDueFor<C>> {
  return stepDueSchema.refine((due) => due.payload.delivery.channel === channel, {
    message: `channel must be "${channel}" on the ${channel} step-due topic`,
    path: ['payload', 'delivery', 'channel'],
  }) as unknown as ZodType<StepDueFor<C>>;
}
