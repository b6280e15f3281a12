import type twilio from 'twilio';
import { createEnvelope, stepDueSchema } from '@stepwise/contracts';
import { SmsSender, type SmsStepDue } from './sms-sender';

function smsDue(delivery: { to?: string; body?: string; variables?: Record<string, string> } = {}): SmsStepDue {
  return createEnvelope(stepDueSchema, {
    tenantId: 'acme',
    key: 'enr_1',
    payload: {
      step: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 },
      delivery: {
        channel: 'sms',
        stepType: 'sms',
        sender: { identityId: 'id_1', address: '+15550000000' },
        to: delivery.to ?? '+14155552671',
        variables: delivery.variables ?? { firstName: 'Ada' },
        body: delivery.body ?? 'Hi {{ firstName }}',
      },
      timerId: 'enr_1',
      timerVersion: 1,
      dueAt: '2026-11-25T10:00:00.000Z',
      firedAt: '2026-11-25T10:00:00.000Z',
    },
  }) as SmsStepDue;
}

describe('SmsSender.prepare', () => {
  const sender = new SmsSender({} as twilio.Twilio, 'http://127.0.0.1:3003/webhooks/twilio/status');

  it('renders the body and sends from the sender identity to the recipient', () => {
    expect(sender.prepare(smsDue())).toEqual({
      ok: true,
      request: {
        from: '+15550000000',
        to: '+14155552671',
        body: 'Hi Ada',
        sender: { identityId: 'id_1', tenantId: 'acme' },
      },
    });
  });

  it('refuses a number that is not E.164, naming the field and not the number', () => {
    const result = sender.prepare(smsDue({ to: '(415) 555-2671' }));
    expect(result).toEqual({
      ok: false,
      failure: expect.objectContaining({ type: 'invalid_address', message: expect.stringContaining('delivery.to') }),
    });
    expect(JSON.stringify(result)).not.toContain('555-2671');
  });

  it('fails as content, naming the variable, when one is missing and has no fallback', () => {
    expect(sender.prepare(smsDue({ body: 'Hi {{ firstName }} from {{ company }}', variables: {} }))).toEqual({
      ok: false,
      failure: expect.objectContaining({ type: 'content', message: expect.stringMatching(/"firstName", "company"/) }),
    });
  });

  it('uses a fallback for a missing variable', () => {
    expect(sender.prepare(smsDue({ body: 'Hi {{ firstName | "there" }}', variables: {} }))).toMatchObject({
      ok: true,
      request: { body: 'Hi there' },
    });
  });

  it('refuses a body that is empty once rendered', () => {
    expect(sender.prepare(smsDue({ body: '{{ blank | " " }}' }))).toMatchObject({
      ok: false,
      failure: { type: 'content' },
    });
  });

  it('refuses a body over 1600 characters once rendered', () => {
    const result = sender.prepare(smsDue({ body: '{{ long }}', variables: { long: 'x'.repeat(1601) } }));
    expect(result).toMatchObject({ ok: false, failure: { type: 'content', message: expect.stringContaining('1601') } });
  });
});
