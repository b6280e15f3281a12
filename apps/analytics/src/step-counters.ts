import { RECIPIENT_FLAGS, type RecipientFlag } from './ingestion/recipient-step-row';

/**
 * The columns of step_metric: distinct recipients per step. `recipients` counts the step's rows
 * that count as attempted (Recipients Attempted: attempted, or reached and not halted); each flag
 * but `reached` and `halted` counts the rows holding it (`pending` and `overdue`: recipients at the
 * step in Pending Action now).
 */
export const STEP_COUNTERS = [
  'recipients',
  ...RECIPIENT_FLAGS.filter(
    (flag): flag is Exclude<RecipientFlag, 'reached' | 'halted'> => flag !== 'reached' && flag !== 'halted',
  ),
] as const;

export type StepCounter = (typeof STEP_COUNTERS)[number];
export type StepCounters = Readonly<Record<StepCounter, number>>;

/** camelCase name to its snake_case column. */
export function columnName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
