import type { RecipientAction, RecipientStatus, SequenceStatus, StepType } from './api/types';

export const STEP_TYPE_LABEL: Record<StepType, string> = {
  automated_email: 'Automated email',
  manual_email: 'Manual email',
  marketing_email: 'Marketing email',
  linkedin_connection_request: 'LinkedIn connection request',
  linkedin_message: 'LinkedIn message',
  sms: 'SMS',
  task: 'Task',
};

export const RECIPIENT_STATUS_LABEL: Record<RecipientStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  pending_action: 'Pending action',
  paused: 'Paused',
  error: 'Error',
  completed: 'Completed',
  bounced: 'Bounced',
  replied: 'Replied',
  stopped: 'Stopped',
  unsubscribed: 'Unsubscribed',
  not_sent: 'Not sent',
};

export const RECIPIENT_STATUS_COLOR: Record<RecipientStatus, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  pending_action: 'yellow',
  paused: 'orange',
  error: 'red',
  completed: 'green',
  bounced: 'grape',
  replied: 'teal',
  stopped: 'dark',
  unsubscribed: 'pink',
  not_sent: 'gray',
};

export const SEQUENCE_STATUS_COLOR: Record<SequenceStatus, string> = {
  draft: 'gray',
  active: 'green',
  paused: 'orange',
  archived: 'dark',
  deleted: 'red',
};

export const ACTION_LABEL: Record<RecipientAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  resume_out_of_office: 'Resume (out of office)',
  skip_step: 'Skip step',
  retry: 'Retry',
  mark_completed: 'Mark finished',
  stop: 'Stop',
  delete: 'Remove',
};

export const humanize = (value: string) => value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
