import { sequenceNodeSchema } from './sequence-definition';
import { enrollmentState, planningContext } from './planning-fixtures';
import { outcomeReactions, type OutcomePayload } from './outcome-transitions';
import { onReplyReceived } from './public-event-transitions';
import { belongsOnTimeline } from './timeline';

const nodes = [
  { kind: 'step', id: 'text', type: 'sms', name: 'Text', identityId: 'idn', body: 'Hi' },
  { kind: 'step', id: 'call', type: 'task', name: 'Call' },
].map((n) => sequenceNodeSchema.parse(n));
const ctx = planningContext(nodes);

const outcome = (kind: OutcomePayload['outcome'], extra: Partial<OutcomePayload> = {}): OutcomePayload => ({
  step: { enrollmentId: 'enr', sequenceId: 's', stepId: 'text', attempt: 1 },
  channel: 'sms',
  outcome: kind,
  ...extra,
});

const completed = enrollmentState({ status: 'completed', currentNodeId: null, facts: { text: { sent: true } } });

describe('a reply after the last step', () => {
  it('from the channel moves a completed recipient to Replied, the step marked replied', () => {
    const t = outcomeReactions.replied(completed, outcome('replied'), ctx);
    expect(t?.next).toMatchObject({ status: 'replied', facts: { text: { sent: true, replied: true } } });
  });

  it('from the public topic moves a completed recipient to Replied with its sentiment', () => {
    const t = onReplyReceived(
      completed,
      {
        recipient: { enrollmentId: 'enr' },
        channel: 'sms',
        sentiment: 'interested',
        receivedAt: new Date().toISOString(),
      },
      ctx,
    );
    expect(t?.next).toMatchObject({ status: 'replied', substatus: 'interested', facts: { text: { replied: true } } });
  });

  it('never moves a stopped or bounced recipient', () => {
    const stopped = { ...completed, status: 'stopped' as const };
    expect(outcomeReactions.replied(stopped, outcome('replied'), ctx)?.next.status).toBe('stopped');
  });
});

describe('an SMS that fails after it was sent', () => {
  const movedOn = enrollmentState({
    status: 'pending_action',
    substatus: 'task',
    currentNodeId: 'call',
    facts: { text: { sent: true } },
  });
  const failure = outcome('failed', {
    error: { type: 'invalid_address', message: 'Twilio 30003: unreachable handset', suggestedFix: 'check the number' },
  });

  it('shows on the recipient: the step keeps a failed fact and the timeline names the cause', () => {
    const t = outcomeReactions.failed(movedOn, failure, ctx);
    expect(t?.next).toMatchObject({ status: 'pending_action', facts: { text: { sent: true, failed: true } } });
    expect(t?.noteOnTimeline).toBe(true);
    expect(t?.cause).toContain('Twilio 30003');
  });

  it('is recorded once', () => {
    const once = outcomeReactions.failed(movedOn, failure, ctx)?.next;
    expect(once && outcomeReactions.failed(once, failure, ctx)).toBeNull();
  });
});

describe('the timeline', () => {
  it('records a step sent even when the status stays In Progress / scheduled', () => {
    const emails = [
      { kind: 'step', id: 'a', type: 'automated_email', name: 'A', identityId: 'idn', subject: 'Hi' },
      { kind: 'step', id: 'b', type: 'automated_email', name: 'B', identityId: 'idn', subject: 'Again' },
    ].map((n) => sequenceNodeSchema.parse(n));
    const onA = enrollmentState({ status: 'in_progress', substatus: 'scheduled', currentNodeId: 'a' });
    const sent = { ...outcome('sent'), channel: 'email' as const, step: { ...outcome('sent').step, stepId: 'a' } };
    const t = outcomeReactions.sent(onA, sent, planningContext(emails));
    expect(t?.next).toMatchObject({ status: 'in_progress', substatus: 'scheduled', currentNodeId: 'b' });
    expect(t && belongsOnTimeline(onA, t)).toBe(true);
  });
});

describe('an email sent and delivered in one outcome', () => {
  const emails = [
    { kind: 'step', id: 'a', type: 'automated_email', name: 'A', identityId: 'idn', subject: 'Hi' },
    { kind: 'step', id: 'b', type: 'automated_email', name: 'B', identityId: 'idn', subject: 'Again' },
  ].map((n) => sequenceNodeSchema.parse(n));
  const emailCtx = planningContext(emails);
  const onA = enrollmentState({ status: 'in_progress', substatus: 'scheduled', currentNodeId: 'a' });
  const emailOutcome = (kind: OutcomePayload['outcome'], extra: Partial<OutcomePayload> = {}) =>
    outcome(kind, { channel: 'email', step: { ...outcome(kind).step, stepId: 'a' }, ...extra });

  it('moves the recipient exactly as the sent and delivered pair did', () => {
    const once = outcomeReactions.sent(onA, emailOutcome('sent', { delivered: true }), emailCtx);
    const sent = outcomeReactions.sent(onA, emailOutcome('sent'), emailCtx);
    const delivered = sent && outcomeReactions.delivered(sent.next, emailOutcome('delivered'), emailCtx);
    expect(once).toEqual(sent);
    expect(delivered).toBeNull();
    expect(once?.next).toMatchObject({ currentNodeId: 'b', facts: { a: { sent: true } } });
  });
});

describe('a send the provider took before the stop took effect', () => {
  const stopped = enrollmentState({ status: 'stopped', substatus: 'by_user', currentNodeId: 'text' });

  it('goes on the timeline as handed to the provider before the stop; the status stays', () => {
    const t = outcomeReactions.sent(stopped, outcome('sent'), ctx);
    expect(t?.next).toMatchObject({ status: 'stopped', substatus: 'by_user', facts: { text: { sent: true } } });
    expect(t?.cause).toBe('step text sent: handed to the provider before the recipient was stopped');
    expect(t && belongsOnTimeline(stopped, t)).toBe(true);
  });

  it('is told once, and not for another attempt', () => {
    const once = outcomeReactions.sent(stopped, outcome('sent'), ctx)?.next;
    expect(once && outcomeReactions.sent(once, outcome('sent'), ctx)).toBeNull();
    const other = { ...outcome('sent'), step: { ...outcome('sent').step, attempt: 2 } };
    expect(outcomeReactions.sent(stopped, other, ctx)).toBeNull();
  });
});
