import {
  Topics,
  buildEnvelope,
  enrollmentTransitionedSchema,
  timerCancelledSchema,
  timerScheduledSchema,
} from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';
import type { EnrollmentState } from './enrollment-state';
import { changedStepRecords } from './step-facts';
import type { Transition } from './transition';
import { haltMessages } from './halt-messages';

/**
 * The outbox rows a transition publishes: its timer command, and one enrollment.transitioned saying
 * what the transition means (status change, step reached, the step facts it changed). The transition
 * has passed settleStepFacts, so its facts are complete.
 * Built without re-parsing: every field is typed and comes from state this service validated when
 * it came in (request, consumed message, stored sequence), and consumers validate what they read.
 * Bulk enrollment and reaction batches build hundreds of thousands of these.
 */
export function transitionMessages(
  previous: EnrollmentState,
  transition: Transition,
  recipientId: string,
): OutboxMessage[] {
  const { next } = transition;
  const base = { tenantId: next.tenantId, key: next.id };
  const messages: OutboxMessage[] = [];
  if (transition.timer?.kind === 'schedule') {
    messages.push({
      topic: Topics.timerCommands,
      envelope: buildEnvelope(timerScheduledSchema, {
        ...base,
        payload: {
          timerId: next.id,
          version: next.timerVersion,
          dueAt: transition.timer.dueAt.toISOString(),
          action: transition.timer.action,
        },
      }),
    });
  } else if (transition.timer?.kind === 'cancel') {
    messages.push({
      topic: Topics.timerCommands,
      envelope: buildEnvelope(timerCancelledSchema, {
        ...base,
        payload: { timerId: next.id, version: next.timerVersion },
      }),
    });
  }
  const steps = changedStepRecords(previous, next);
  const status = statusChanged(previous, next);
  if (status || transition.reachedStep || steps.length > 0) {
    messages.push({
      topic: Topics.enrollmentEvents,
      envelope: buildEnvelope(enrollmentTransitionedSchema, {
        ...base,
        payload: {
          enrollmentId: next.id,
          sequenceId: next.sequenceId,
          recipientId,
          status: status
            ? {
                from: previous.status,
                to: next.status,
                substatus: next.substatus ?? undefined,
                stepId: next.currentNodeId ?? undefined,
                reason: transition.cause.slice(0, 500),
                answeredStepId: answeredStepOf(previous, next),
                replyChannel: next.status === 'replied' ? transition.replyChannel : undefined,
              }
            : undefined,
          reachedStep: transition.reachedStep ? { ...transition.reachedStep, attempt: next.attempt } : undefined,
          steps,
        },
      }),
    });
  }
  messages.push(...haltMessages(previous, next));
  return messages;
}

export function statusChanged(previous: EnrollmentState, next: EnrollmentState): boolean {
  return previous.status !== next.status || previous.substatus !== next.substatus;
}

/**
 * A change to Replied marks the step the reply answered as replied (the channel's step, or the one
 * a public reply was attributed to): the one step whose replied fact this change set.
 */
function answeredStepOf(previous: EnrollmentState, next: EnrollmentState): string | undefined {
  if (next.status !== 'replied' || previous.status === 'replied') return undefined;
  return Object.keys(next.facts).find((stepId) => next.facts[stepId]?.replied && !previous.facts[stepId]?.replied);
}
