import { recipientStatusSchema } from '@stepwise/contracts';
import { RECIPIENT_ACTIONS, isAllowed, sequenceStatusRefusal, type RecipientAction } from './recipient-action-matrix';

/**
 * The product reference's matrix (seed 001), written out again here by hand, plus our additions:
 * retry (Error), mark_completed (running statuses), resume_out_of_office (Paused), and the
 * statuses the seed does not list (Not Started, Pending Action's peers, Replied, Not Sent).
 */
const EXPECTED: Record<string, RecipientAction[]> = {
  in_progress: ['pause', 'skip_step', 'stop', 'delete', 'mark_completed'],
  pending_action: ['pause', 'skip_step', 'stop', 'delete', 'mark_completed'],
  // Seed 004: a paused recipient can be finished (marked completed) without resuming.
  paused: ['resume', 'resume_out_of_office', 'stop', 'delete', 'mark_completed'],
  error: ['pause', 'skip_step', 'retry', 'stop', 'delete', 'mark_completed'],
  completed: ['delete'],
  bounced: ['delete'],
  stopped: ['delete'],
  unsubscribed: ['delete'],
  // Seed 003: a recruiter marks a response Interested later, not only from the reply's sentiment.
  replied: ['delete', 'mark_interested'],
  not_sent: ['delete'],
  not_started: ['pause', 'stop', 'delete', 'mark_completed'],
};

describe('status/action matrix', () => {
  const cells = recipientStatusSchema.options.flatMap((status) =>
    RECIPIENT_ACTIONS.map((action) => [status, action, EXPECTED[status].includes(action)] as const),
  );

  it.each(cells)('%s + %s allowed: %s', (status, action, allowed) => {
    expect(isAllowed(status, action)).toBe(allowed);
  });
});

describe('actions that run a step now, while the sequence does not run', () => {
  it.each(['resume', 'resume_out_of_office', 'retry'] as const)('%s is refused, naming the sequence', (action) => {
    expect(sequenceStatusRefusal(action, 'seq_1', 'paused')).toBe(
      `${action} is not allowed while sequence seq_1 is paused: resume the sequence first`,
    );
    expect(sequenceStatusRefusal(action, 'seq_1', 'active')).toBeNull();
  });

  it.each(['pause', 'skip_step', 'mark_completed', 'stop', 'delete'] as const)('%s is not refused', (action) => {
    expect(sequenceStatusRefusal(action, 'seq_1', 'paused')).toBeNull();
  });
});
