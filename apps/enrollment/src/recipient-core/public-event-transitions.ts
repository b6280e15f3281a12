import type { RecipientSignal, ReplyReceived } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import { isFinal, mergeFacts } from './enrollment-state';
import type { PlanningContext } from './step-planner';
import { transitionTo, type Transition } from './transition';
import { answeredStep } from './answered-step';

/**
 * A reply reported by an internal service: automation stops (Replied, with the sentiment when
 * given, and the step it answers marked replied), or, for an out-of-office auto-reply, the
 * recipient pauses until the return date.
 */
export function onReplyReceived(
  state: EnrollmentState,
  reply: ReplyReceived['payload'],
  ctx: PlanningContext,
): Transition | null {
  // A reply after the last step still counts (seed 003); other final statuses keep theirs.
  if (isFinal(state.status) && (state.status !== 'completed' || reply.outOfOfficeUntil)) return null;
  if (reply.outOfOfficeUntil) {
    return transitionTo(
      state,
      { status: 'paused', substatus: 'out_of_office', now: ctx.now },
      `out of office until ${reply.outOfOfficeUntil}`,
      {
        kind: 'schedule',
        dueAt: new Date(`${reply.outOfOfficeUntil}T00:00:00Z`),
        action: { kind: 'notify', reason: 'out_of_office_resume', enrollmentId: state.id },
      },
    );
  }
  const answered = answeredStep(
    state.facts,
    reply.channel,
    ctx.navigator,
    state.status === 'in_progress' ? state.currentNodeId : null,
  );
  const replied = {
    ...transitionTo(
      state,
      { status: 'replied', substatus: reply.sentiment ?? null },
      `replied on ${reply.channel}${answered ? ` to step ${answered}` : ''}`,
    ),
    replyChannel: reply.channel,
  };
  if (!answered) return replied;
  return { ...replied, next: { ...replied.next, facts: mergeFacts(state.facts, answered, { replied: true }) } };
}

const SIGNAL_STATUS = {
  unsubscribe: 'unsubscribed',
  stop_everywhere: 'stopped',
  do_not_contact: 'stopped',
} as const;

/** Unsubscribe, stop everywhere, do not contact: every running sequence of the recipient ends. */
export function onRecipientSignal(state: EnrollmentState, signal: RecipientSignal['payload']): Transition | null {
  if (isFinal(state.status)) return null;
  const reason = signal.reason ? `: ${signal.reason}` : '';
  return transitionTo(
    state,
    { status: SIGNAL_STATUS[signal.signal], substatus: signal.signal },
    `${signal.signal}${reason}`,
  );
}

/** Signals that also put the recipient's addresses on the suppression list. */
export const SUPPRESSING_SIGNALS: ReadonlySet<RecipientSignal['payload']['signal']> = new Set([
  'unsubscribe',
  'do_not_contact',
]);
