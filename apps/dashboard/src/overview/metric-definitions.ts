import type { MetricName, StepType } from '../api/types';

/**
 * Cards list metrics in the order the API sends them (the product's order per step type).
 * Each metric's label and the tooltip text of the product reference (seed 000), per step type where
 * the wording differs (an SMS is a "Text message", a LinkedIn reply a "social message").
 */
export function metricLabel(metric: MetricName, type: StepType): { label: string; tooltip: string } {
  const email = type === 'automated_email' || type === 'manual_email' || type === 'marketing_email';
  switch (metric) {
    case 'deliveryRate':
      return {
        label: 'Delivery Rate',
        tooltip:
          type === 'sms'
            ? 'Recipients for which the Text message was delivered'
            : 'Recipients for which the email was delivered',
      };
    case 'openedRate':
      return { label: 'Opened %', tooltip: 'Recipients who opened the email at least once' };
    case 'repliedRate':
      return {
        label: 'Replied %',
        tooltip:
          type === 'sms'
            ? 'Recipients who replied to the Text Message at least once'
            : type === 'linkedin_message'
              ? 'Recipients who replied to the social message at least once'
              : 'Recipients who replied to the email at least once',
      };
    case 'acceptedRate':
      return { label: 'Accepted %', tooltip: 'Recipients who accepted the connection request' };
    case 'errorRate':
      return { label: 'Error %', tooltip: 'Recipients in error at this step' };
    case 'skippedRate':
      return { label: 'Skipped %', tooltip: 'Recipients skipped at this step' };
    case 'completedRate':
      return { label: 'Completed %', tooltip: 'Tasks completed as part of this step' };
    case 'pendingRate':
      return email
        ? { label: 'Pending Email %', tooltip: 'Recipients whose manual email is in Pending Action status' }
        : { label: 'Pending %', tooltip: 'Tasks currently pending in this step' };
    case 'overdueRate':
      return email
        ? { label: 'Overdue %', tooltip: 'Recipients whose manual email is in Overdue status' }
        : { label: 'Overdue %', tooltip: 'Tasks currently overdue in this step' };
    case 'tasksCreated':
      return { label: 'Tasks Created', tooltip: 'Tasks created in this step' };
  }
}
