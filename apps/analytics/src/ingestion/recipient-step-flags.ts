/**
 * What analytics knows about one recipient at one step of a sequence: one row of step_recipient.
 *
 * Events about a recipient arrive on four topics, so in any order, and at least once. The state is
 * therefore built with `joinFlags`, which is commutative, associative and idempotent: whatever the
 * order and however often each event is seen, the row ends up the same. That is what makes a replayed
 * or duplicated event change nothing, and an outcome that overtakes its step-reached harmless.
 */
export const RECIPIENT_FLAGS = [
  /** enrollment.step-reached seen: the recipient was queued for the step. */
  'reached',
  /** Anything beyond being queued happened at the step (sent, failed, skipped, pending action...). */
  'attempted',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'replied',
  'outOfOffice',
  'bounced',
  'unsubscribed',
  'invited',
  'accepted',
  'skipped',
  'completed',
  'errored',
  /**
   * The recipient's sequence ended (stopped, replied, bounced, unsubscribed, marked completed) while
   * it was queued for the step: unless something was attempted there, it is no longer one of the
   * step's Recipients Attempted. Last, so the bit positions of the others stay as stored.
   */
  'halted',
] as const;

export type RecipientFlag = (typeof RECIPIENT_FLAGS)[number];
export type RecipientStepFlags = Readonly<Record<RecipientFlag, boolean>>;

/**
 * The move rules. A flag listed here is a current state rather than a milestone: it holds while it
 * was seen and none of its clearing flags was. Clearing flags only ever turn true, so a late or
 * replayed event can never move a recipient back.
 * - delivered: a hard bounce after a delivery (channel-email reports the next hop's 250 as delivered)
 *   means the email did not arrive: the recipient moves from Delivered to Bounced.
 * - errored: "in error at this step" lasts until the step went through after all (a retry delivered,
 *   the recipient engaged, the connection was accepted), bounced, or was skipped or completed. `sent`
 *   does not clear it: an SMS can be sent and then fail.
 * Every other flag is a milestone: once true, true for good.
 */
export const CLEARED_BY: Readonly<Partial<Record<RecipientFlag, readonly RecipientFlag[]>>> = {
  delivered: ['bounced'],
  // A task is completed when its recipient moves on from Pending Action; a skip moves on the same
  // way, and enrollment announces it as skipped: that one is Skipped only.
  completed: ['skipped'],
  errored: [
    'delivered',
    'opened',
    'clicked',
    'replied',
    'outOfOffice',
    'unsubscribed',
    'invited',
    'accepted',
    'bounced',
    'skipped',
    'completed',
  ],
};

export const NO_FLAGS: RecipientStepFlags = flagsOf([]);
const FACT_STATES = new Map<string, RecipientStepFlags>();

/**
 * The state that accounts for the given facts, move rules applied (delivered and bounced together
 * are Bounced). Every fact but `reached` and `halted` also means the step was attempted.
 */
export function factFlags(...flags: readonly RecipientFlag[]): RecipientStepFlags {
  // Called once per event with one of a few flag lists: the states are frozen and shared.
  const key = flags.join();
  let state = FACT_STATES.get(key);
  if (!state) {
    const attempted = flags.some((flag) => flag !== 'reached' && flag !== 'halted');
    state = Object.freeze(joinFlags(NO_FLAGS, flagsOf(attempted ? [...flags, 'attempted'] : flags)));
    FACT_STATES.set(key, state);
  }
  return state;
}

/** The state that accounts for everything `a` and `b` account for, with the move rules applied. */
export function joinFlags(a: RecipientStepFlags, b: RecipientStepFlags): RecipientStepFlags {
  const seen = (flag: RecipientFlag) => a[flag] || b[flag];
  const joined = {} as Record<RecipientFlag, boolean>;
  for (const flag of RECIPIENT_FLAGS) {
    joined[flag] = seen(flag) && !(CLEARED_BY[flag] ?? []).some(seen);
  }
  return joined;
}

function flagsOf(flags: readonly RecipientFlag[]): RecipientStepFlags {
  const set = new Set(flags);
  return Object.fromEntries(RECIPIENT_FLAGS.map((flag) => [flag, set.has(flag)])) as Record<RecipientFlag, boolean>;
}

/**
 * Whether the row counts in the step's Recipients Attempted: something was executed or attempted
 * for the recipient there, or it is still really queued for the step (reached and not halted).
 */
export function countsAsAttempted(flags: RecipientStepFlags): boolean {
  return flags.attempted || (flags.reached && !flags.halted);
}
