import { topicCatalog, type TopicName } from '@stepwise/contracts';
import { sequenceNodeSchema } from './sequence-definition';
import { planNode } from './step-planner';
import { transitionTo } from './transition';
import { markReplied } from './outcome-transitions';
import { onReplyReceived } from './public-event-transitions';
import { transitionMessages } from './transition-messages';
import { enrollmentState, planningContext } from './planning-fixtures';

const nodes = [
  { kind: 'step', id: 'email', type: 'automated_email', name: 'Email', identityId: 'idn', subject: 'Hi', body: 'x' },
  { kind: 'step', id: 'call', type: 'task', name: 'Call', delay: { amount: 2, unit: 'business_days' } },
].map((n) => sequenceNodeSchema.parse(n));
const ctx = planningContext(nodes);
const navigator = ctx.navigator;
const enrolled = enrollmentState({ id: 'enr_1', tenantId: 'acme', sequenceId: 'seq_1', recipientId: 'r' });

function acceptedOnItsTopic(topic: string, envelope: unknown): boolean {
  return topicCatalog[topic as TopicName].messages.some((schema) => schema.safeParse(envelope).success);
}

describe('transition messages', () => {
  // They are built without re-parsing, so this is where their validity is checked.
  it('are valid messages of their topics, for a send, a wait, a stop and a long cause', () => {
    const send = planNode(enrolled, navigator.first(), ctx, 'enrolled');
    const wait = planNode(send.next, navigator.after('email'), ctx, 'step email sent');
    const stop = transitionTo(wait.next, { status: 'replied' }, `replied ${'x'.repeat(600)}`);
    const messages = [
      ...transitionMessages(enrolled, send, 'rcp_1'),
      ...transitionMessages(send.next, wait, 'rcp_1'),
      ...transitionMessages(wait.next, stop, 'rcp_1'),
    ];
    expect(messages.map((m) => m.envelope.type)).toEqual(
      expect.arrayContaining(['timer.scheduled', 'timer.cancelled', 'enrollment.transitioned']),
    );
    // One event per transition, beside its timer command.
    expect(messages.filter((m) => m.envelope.type === 'enrollment.transitioned')).toHaveLength(3);
    for (const { topic, envelope } of messages) expect(acceptedOnItsTopic(topic, envelope)).toBe(true);
  });
});

describe('the change to Replied names the step the reply answered', () => {
  // Sent the email, queued for the task after its delay.
  const sent = planNode(
    { ...enrolled, status: 'in_progress', currentNodeId: 'email', facts: { email: { sent: true } } },
    navigator.after('email'),
    ctx,
    'step email sent',
  ).next;
  const answered = (messages: ReturnType<typeof transitionMessages>) =>
    messages
      .map((m) => (m.envelope.payload as { status?: { to: string; answeredStepId?: string } }).status)
      .find((status) => status?.to === 'replied')?.answeredStepId;

  it('a reply from the public topic answers the last step sent, not the one queued', () => {
    const reply = onReplyReceived(
      sent,
      { recipient: { enrollmentId: 'enr_1' }, channel: 'email', receivedAt: ctx.now.toISOString() },
      ctx,
    );
    if (!reply) throw new Error('expected a transition');
    expect(reply.next.currentNodeId).toBe('call');
    expect(answered(transitionMessages(sent, reply, 'rcp_1'))).toBe('email');
  });

  it("a channel's reply outcome answers its own step", () => {
    const reply = markReplied(
      sent,
      {
        step: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'email', attempt: 1 },
        channel: 'email',
        outcome: 'replied',
      },
      ctx,
    );
    if (!reply) throw new Error('expected a transition');
    expect(answered(transitionMessages(sent, reply, 'rcp_1'))).toBe('email');
  });

  it('marking the sentiment later names no step', () => {
    const replied = transitionTo(sent, { status: 'replied' }, 'replied');
    const marked = transitionTo(replied.next, { status: 'replied', substatus: 'interested' }, 'marked interested');
    const messages = transitionMessages(replied.next, marked, 'rcp_1');
    expect(messages).toHaveLength(1);
    expect(answered(messages)).toBeUndefined();
  });
});
