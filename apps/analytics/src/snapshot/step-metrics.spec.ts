import type { StepType } from '@stepwise/contracts';
import { STEP_COUNTERS, type StepCounters } from '../step-counters';
import { metricsShown, percent, stepMetrics } from './step-metrics';

const counters = (values: Partial<StepCounters>): StepCounters =>
  ({ ...Object.fromEntries(STEP_COUNTERS.map((name) => [name, 0])), ...values }) as StepCounters;

describe('percent', () => {
  test('is the share with one decimal', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(3, 3)).toBe(100);
    expect(percent(0, 5)).toBe(0);
  });

  test('is null without recipients: 0 of 0 is no rate, not 0%', () => {
    expect(percent(0, 0)).toBeNull();
  });
});

describe('metrics per step type', () => {
  test.each<[StepType, string[]]>([
    ['automated_email', ['deliveryRate', 'openedRate', 'repliedRate', 'errorRate', 'skippedRate']],
    ['marketing_email', ['deliveryRate', 'openedRate', 'repliedRate', 'errorRate', 'skippedRate']],
    [
      'manual_email',
      ['deliveryRate', 'openedRate', 'repliedRate', 'errorRate', 'skippedRate', 'pendingRate', 'overdueRate'],
    ],
    ['sms', ['deliveryRate', 'repliedRate', 'errorRate', 'skippedRate']],
    ['linkedin_connection_request', ['acceptedRate', 'errorRate', 'skippedRate']],
    ['linkedin_message', ['repliedRate', 'errorRate', 'skippedRate']],
    ['task', ['tasksCreated', 'completedRate', 'pendingRate', 'overdueRate', 'skippedRate']],
  ])('%s shows %j', (type, expected) => {
    expect(metricsShown(type, true)).toEqual(expected);
    expect(Object.keys(stepMetrics(type, true, counters({})))).toEqual(expected);
  });

  test('Opened % is hidden on every email step when open tracking is off, and only Opened %', () => {
    for (const type of ['automated_email', 'manual_email', 'marketing_email'] as const) {
      expect(metricsShown(type, false)).toEqual(metricsShown(type, true).filter((m) => m !== 'openedRate'));
    }
    expect(metricsShown('sms', false)).toEqual(metricsShown('sms', true));
  });
});

describe('stepMetrics', () => {
  test('divides each counter by Recipients Attempted and keeps the count', () => {
    const metrics = stepMetrics(
      'automated_email',
      true,
      counters({ recipients: 8, delivered: 6, opened: 2, errored: 1 }),
    );
    expect(metrics.deliveryRate).toEqual({ count: 6, percent: 75 });
    expect(metrics.openedRate).toEqual({ count: 2, percent: 25 });
    expect(metrics.errorRate).toEqual({ count: 1, percent: 12.5 });
    expect(metrics.repliedRate).toEqual({ count: 0, percent: 0 });
  });

  test('a task step counts tasks created and rates them against it', () => {
    const metrics = stepMetrics('task', true, counters({ recipients: 4, completed: 1, pending: 2, overdue: 1 }));
    expect(metrics.tasksCreated).toEqual({ count: 4 });
    expect(metrics.completedRate).toEqual({ count: 1, percent: 25 });
    expect(metrics.pendingRate).toEqual({ count: 2, percent: 50 });
    expect(metrics.overdueRate).toEqual({ count: 1, percent: 25 });
  });
});
