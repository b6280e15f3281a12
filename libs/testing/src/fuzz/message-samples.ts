import type { z } from 'zod';
import {
  Topics,
  createEnvelope,
  identityConnectionSchema,
  identityHealthSchema,
  recipientSignalSchema,
  replyReceivedSchema,
  sequencePublishedSchema,
  enrollmentTransitionedSchema,
  enrollmentHaltSchema,
  stepDueSchema,
  stepOutcomeSchema,
  stepSkippedSchema,
  stepWaitingSchema,
  timerCancelledSchema,
  timerDeferredSchema,
  timerFiredSchema,
  timerScheduledSchema,
  type Channel,
  type StepDelivery,
  type TopicName,
} from '@stepwise/contracts';

/**
 * One valid message per message schema of each consumed topic, with the optional fields filled in
 * so that breaking any field, optional ones included, is tried. The bad-message generators start
 * from these. Partial on purpose: a new topic does not break the build, but the bad-input tests
 * fail for any topic a service consumes that has no sample here.
 */
export type ConsumedTopic = Exclude<TopicName, typeof Topics.deadLetter>;

const TENANT = 'fuzz-tenant';
const at = '2026-11-25T10:15:00.000Z';
const step = { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 };
const sender = { identityId: 'idn_1', address: 'recruiter@example.com', displayName: 'Recruiting' };

const deliveries: Record<Channel, StepDelivery> = {
  email: {
    channel: 'email',
    stepType: 'automated_email',
    sender,
    to: 'grace@example.com',
    variables: { firstName: 'Grace' },
    subject: 'A role for you',
    body: 'Hi {{firstName}}',
    sameThreadAsPrevious: false,
    openTracking: true,
  },
  sms: { channel: 'sms', stepType: 'sms', sender, to: '+15550100', variables: {}, body: 'Hi' },
  social: {
    channel: 'social',
    stepType: 'linkedin_message',
    sender,
    to: 'https://linkedin.example/in/grace',
    variables: {},
    body: 'Hi',
    waitForConnection: true,
  },
};

function envelope<S extends Parameters<typeof createEnvelope>[0]>(schema: S, payload: z.input<S>['payload']) {
  return createEnvelope(schema, { tenantId: TENANT, key: 'enr_1', payload, occurredAt: new Date(at) });
}

function stepDue(channel: Channel) {
  return envelope(stepDueSchema, {
    step,
    delivery: deliveries[channel],
    timerId: 'tmr_1',
    timerVersion: 1,
    dueAt: at,
    firedAt: at,
  });
}

function outcome(channel: Channel) {
  return envelope(stepOutcomeSchema, {
    step,
    channel,
    outcome: 'bounced',
    providerMessageId: 'msg_1',
    bounce: 'hard',
    error: { type: 'invalid_address', message: 'no such user', suggestedFix: 'check the address' },
    outOfOfficeUntil: '2026-12-01',
    machineGenerated: false,
  });
}

const locator = { enrollmentId: 'enr_1', email: 'grace@example.com', phone: '+15550100', linkedinProfile: 'grace' };

export const MESSAGE_SAMPLES: Partial<Record<ConsumedTopic, unknown[]>> = {
  [Topics.timerCommands]: [
    envelope(timerScheduledSchema, {
      timerId: 'tmr_1',
      version: 1,
      dueAt: at,
      action: {
        kind: 'send_step',
        step,
        delivery: deliveries.email,
        window: { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: [] },
        limits: { identityId: 'idn_1', timezone: 'UTC', dailyCap: 100, minSpacingSeconds: 30 },
      },
    }),
    envelope(timerScheduledSchema, {
      timerId: 'tmr_2',
      version: 2,
      dueAt: at,
      action: { kind: 'notify', reason: 'task_overdue', enrollmentId: 'enr_1', stepId: 'step_1' },
    }),
    envelope(timerCancelledSchema, { timerId: 'tmr_1', version: 3 }),
  ],
  [Topics.timerFired]: [
    envelope(timerFiredSchema, {
      timerId: 'tmr_1',
      version: 1,
      reason: 'delay_elapsed',
      enrollmentId: 'enr_1',
      stepId: 'step_1',
      dueAt: at,
      firedAt: at,
    }),
    envelope(timerDeferredSchema, {
      timerId: 'tmr_1',
      version: 1,
      reason: 'outside_working_hours',
      enrollmentId: 'enr_1',
      stepId: 'step_1',
      until: at,
    }),
  ],
  [Topics.emailStepDue]: [stepDue('email')],
  [Topics.smsStepDue]: [stepDue('sms')],
  [Topics.socialStepDue]: [stepDue('social')],
  [Topics.emailOutcomes]: [outcome('email')],
  [Topics.smsOutcomes]: [outcome('sms')],
  [Topics.socialOutcomes]: [outcome('social')],
  [Topics.stepNotices]: [
    envelope(stepSkippedSchema, {
      step,
      channel: 'email',
      reason: 'enrollment_halted',
      enrollmentStatus: 'replied',
      detail: 'the recipient replied',
    }),
    envelope(stepWaitingSchema, { step, channel: 'social', substatus: 'waiting_to_connect', waitUntil: at }),
  ],
  [Topics.identityHealth]: [
    envelope(identityHealthSchema, {
      identityId: 'idn_1',
      channel: 'email',
      state: 'auth_lost',
      reason: 'login refused',
    }),
  ],
  [Topics.identityConnections]: [
    envelope(identityConnectionSchema, {
      identityId: 'idn_1',
      address: 'recruiter@example.com',
      revision: 3,
      connection: {
        smtp: {
          host: 'smtp.example.com',
          port: 587,
          tls: 'starttls',
          auth: {
            type: 'password',
            username: 'recruiter@example.com',
            password: { keyId: 'k1', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', data: 'AAAA' },
          },
        },
      },
    }),
  ],
  [Topics.enrollmentEvents]: [
    envelope(sequencePublishedSchema, {
      sequenceId: 'seq_1',
      name: 'Backend hiring',
      status: 'active',
      openTrackingEnabled: true,
      steps: [{ stepId: 'step_1', type: 'task', name: 'Call', position: 0, branchId: 'br_1', branchPath: 'yes' }],
      branches: [{ branchId: 'br_1', name: 'Replied?', position: 0 }],
    }),
    envelope(enrollmentTransitionedSchema, {
      enrollmentId: 'enr_1',
      sequenceId: 'seq_1',
      recipientId: 'rcp_1',
      status: {
        from: 'in_progress',
        to: 'replied',
        substatus: 'interested',
        stepId: 'step_2',
        reason: 'replied to step step_1',
        answeredStepId: 'step_1',
        replyChannel: 'email',
      },
      reachedStep: { stepId: 'step_2', stepType: 'task', attempt: 1 },
      steps: [
        {
          stepId: 'step_1',
          channel: 'email',
          facts: {
            reached: true,
            halted: true,
            attempted: true,
            sent: true,
            delivered: true,
            opened: true,
            clicked: true,
            replied: true,
            outOfOffice: true,
            bounced: true,
            unsubscribed: true,
            invited: true,
            accepted: true,
            skipped: true,
            completed: true,
            errored: true,
            pending: true,
            overdue: true,
          },
          bounce: { kind: 'soft', reason: 'mailboxfull' },
          errorType: 'provider_down',
        },
      ],
    }),
  ],
  [Topics.enrollmentHalts]: [
    envelope(enrollmentHaltSchema, {
      enrollmentId: 'enr_1',
      sequenceId: 'seq_1',
      attempt: 2,
      halt: { status: 'stopped', since: at },
    }),
  ],
  [Topics.publicReplies]: [
    envelope(replyReceivedSchema, {
      recipient: locator,
      channel: 'email',
      receivedAt: at,
      sentiment: 'interested',
      outOfOfficeUntil: '2026-12-01',
    }),
  ],
  [Topics.publicRecipientSignals]: [
    envelope(recipientSignalSchema, { recipient: locator, signal: 'do_not_contact', reason: 'in interview process' }),
  ],
};
