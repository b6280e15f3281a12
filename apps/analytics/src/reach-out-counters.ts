/**
 * What analytics knows about one enrollment as a whole (one reach out, seed 003): one row of
 * reach_out. Every flag is a milestone (once true, true for good), so a row's state is the bitwise OR
 * of its facts: order-free and idempotent, which makes duplicates and replays change nothing.
 */
export const REACH_OUT_FLAGS = [
  /** A step was executed for the recipient: a step attempted, a task or manual email created, an error. */
  'started',
  /** A human opened an email of the sequence (not a privacy proxy or scanner). */
  'opened',
  /** A human clicked a link in an email of the sequence. */
  'clicked',
  /** The recipient replied, on any channel or as enrollment reports it (status replied). */
  'replied',
  /** The reply was marked interested (status replied, substatus interested). */
  'interested',
  /** A hard bounce, or status bounced. */
  'bounced',
  /** Stopped (cancelled or undone) or unsubscribed. */
  'cancelled',
  /** Status completed: every step done without a reply. */
  'completed',
  'emailSent',
  'emailReplied',
  'emailBounced',
  'smsSent',
  /** A LinkedIn step was reached for the recipient: the sequence engaged them on LinkedIn. */
  'linkedinEngaged',
  'linkedinInvited',
  'linkedinAccepted',
  /** A LinkedIn message was sent. */
  'linkedinMessaged',
  'linkedinReplied',
] as const;

export type ReachOutFlag = (typeof REACH_OUT_FLAGS)[number];

export function reachOutBits(...flags: readonly ReachOutFlag[]): number {
  return flags.reduce((bits, flag) => bits | (1 << REACH_OUT_FLAGS.indexOf(flag)), 0);
}

export function hasFlag(bits: number, flag: ReachOutFlag): boolean {
  return (bits & reachOutBits(flag)) !== 0;
}

/** A reach out counts in a counter when it holds all of `all`, at least one of `any` and none of `none`. */
interface CounterRule {
  all?: readonly ReachOutFlag[];
  any?: readonly ReachOutFlag[];
  none?: readonly ReachOutFlag[];
}

/** A recipient still moving through the sequence: the complement of what ends a reach out. */
export const ENDED_BY: readonly ReachOutFlag[] = ['replied', 'bounced', 'cancelled', 'completed'];

/**
 * The columns of reach_out_daily: reach outs counted by the day they were created (their first
 * step reached). Campaign stats sum a date range of them, the overview sums them all. Formulas:
 * docs/metrics.md.
 */
export const REACH_OUT_COUNTERS = {
  reachOuts: {},
  inProgress: { none: ['replied', 'bounced', 'cancelled'] },
  opens: { all: ['opened'] },
  responses: { all: ['replied'] },
  interested: { all: ['interested'] },
  started: { all: ['started'] },
  contacted: { any: ['emailSent', 'smsSent', 'linkedinMessaged', 'linkedinInvited'] },
  emailSent: { all: ['emailSent'] },
  emailClicked: { all: ['clicked'] },
  emailReplied: { all: ['emailReplied'] },
  emailPositive: { all: ['emailReplied', 'interested'] },
  emailBounced: { all: ['emailBounced'] },
  linkedinEngaged: { all: ['linkedinEngaged'] },
  linkedinInvited: { all: ['linkedinInvited'] },
  linkedinAccepted: { all: ['linkedinAccepted'] },
  linkedinContacted: { all: ['linkedinMessaged'] },
  linkedinReplied: { all: ['linkedinReplied'] },
  linkedinPositive: { all: ['linkedinReplied', 'interested'] },
} as const satisfies Record<string, CounterRule>;

export type ReachOutCounter = keyof typeof REACH_OUT_COUNTERS;
export type ReachOutCounters = Readonly<Record<ReachOutCounter, number>>;
export const REACH_OUT_COUNTER_NAMES = Object.keys(REACH_OUT_COUNTERS) as ReachOutCounter[];

function masks(rule: CounterRule): { all: number; any: number; none: number } {
  return {
    all: reachOutBits(...(rule.all ?? [])),
    any: reachOutBits(...(rule.any ?? [])),
    none: reachOutBits(...(rule.none ?? [])),
  };
}

/** Whether a created reach out with these flags counts in the counter. */
export function countsIn(counter: ReachOutCounter, bits: number): boolean {
  const { all, any, none } = masks(REACH_OUT_COUNTERS[counter]);
  return (bits & all) === all && (any === 0 || (bits & any) !== 0) && (bits & none) === 0;
}

/** The same rule in SQL, over an integer expression holding the flags: one table serves both. */
export function countsInSql(counter: ReachOutCounter, bits: string): string {
  const { all, any, none } = masks(REACH_OUT_COUNTERS[counter]);
  const terms = [`(${bits} & ${all}) = ${all}`, `(${bits} & ${none}) = 0`];
  if (any !== 0) terms.push(`(${bits} & ${any}) <> 0`);
  return `(${terms.join(' AND ')})`;
}

/** Whether the recipient is still at its current step (counted in the sequence flow preview). */
export function isActive(bits: number): boolean {
  return (bits & reachOutBits(...ENDED_BY)) === 0;
}

export function isActiveSql(bits: string): string {
  return `((${bits} & ${reachOutBits(...ENDED_BY)}) = 0)`;
}
