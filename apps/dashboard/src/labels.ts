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

// Filled badges: shade 9 keeps white text above 4.5:1; the light ones get dark text (autoContrast).
export const RECIPIENT_STATUS_COLOR: Record<RecipientStatus, string> = {
  not_started: 'gray.8',
  in_progress: 'blue.9',
  pending_action: 'yellow.4',
  paused: 'orange.4',
  error: 'red.9',
  completed: 'teal.9',
  bounced: 'grape.9',
  replied: 'indigo.9',
  stopped: 'dark.7',
  unsubscribed: 'pink.9',
  not_sent: 'gray.8',
};

export const SEQUENCE_STATUS_COLOR: Record<SequenceStatus, string> = {
  draft: 'gray.8',
  active: 'teal.9',
  paused: 'orange.4',
  archived: 'dark.7',
  deleted: 'red.9',
};

export const ACTION_LABEL: Record<RecipientAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  resume_out_of_office: 'Resume (out of office)',
  skip_step: 'Skip step',
  retry: 'Retry',
  mark_completed: 'Mark finished',
  mark_interested: 'Mark interested',
  stop: 'Stop',
  delete: 'Remove',
};

export const humanize = (value: string) => value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
