import type { StepType } from '@stepwise/contracts';
import type { StepCounter, StepCounters } from '../step-counters';

/** A share of a step's recipients: the absolute count and its percentage (one decimal). */
export interface RateMetric {
  count: number;
  /** null when the denominator is 0: no recipient attempted the step yet, so there is no rate. */
  percent: number | null;
}

/** The rates of the Step-wise Success Snapshot, each named after the counter it divides. */
const RATE_COUNTERS = {
  deliveryRate: 'delivered',
  openedRate: 'opened',
  repliedRate: 'replied',
  acceptedRate: 'accepted',
  completedRate: 'completed',
  pendingRate: 'pending',
  overdueRate: 'overdue',
  errorRate: 'errored',
  skippedRate: 'skipped',
} as const satisfies Record<string, StepCounter>;

export type RateName = keyof typeof RATE_COUNTERS;
export type MetricName = RateName | 'tasksCreated';

export type StepMetrics = Partial<Record<RateName, RateMetric>> & { tasksCreated?: { count: number } };

const EMAIL_METRICS: readonly MetricName[] = ['deliveryRate', 'openedRate', 'repliedRate', 'errorRate', 'skippedRate'];

/** Exactly the metrics the product shows on each step type's card, in its order. */
export const METRICS_BY_STEP_TYPE: Readonly<Record<StepType, readonly MetricName[]>> = {
  automated_email: EMAIL_METRICS,
  marketing_email: EMAIL_METRICS,
  manual_email: [...EMAIL_METRICS, 'pendingRate', 'overdueRate'],
  sms: ['deliveryRate', 'repliedRate', 'errorRate', 'skippedRate'],
  linkedin_connection_request: ['acceptedRate', 'errorRate', 'skippedRate'],
  linkedin_message: ['repliedRate', 'errorRate', 'skippedRate'],
  task: ['tasksCreated', 'completedRate', 'pendingRate', 'overdueRate', 'skippedRate'],
};

/** Opened % is hidden on every email step when open tracking is off: an unseen open is not a zero. */
export function metricsShown(type: StepType, openTrackingEnabled: boolean): readonly MetricName[] {
  const metrics = METRICS_BY_STEP_TYPE[type];
  return openTrackingEnabled ? metrics : metrics.filter((metric) => metric !== 'openedRate');
}

export function percent(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count * 1000) / of) / 10;
}

/**
 * Every rate is a share of Recipients Attempted. For a task step that is also the number of tasks
 * created (one per recipient who reached it), the denominator the product gives task rates.
 */
export function stepMetrics(type: StepType, openTrackingEnabled: boolean, counters: StepCounters): StepMetrics {
  const metrics: StepMetrics = {};
  for (const name of metricsShown(type, openTrackingEnabled)) {
    if (name === 'tasksCreated') metrics.tasksCreated = { count: counters.recipients };
    else {
      const count = counters[RATE_COUNTERS[name]];
      metrics[name] = { count, percent: percent(count, counters.recipients) };
    }
  }
  return metrics;
}
