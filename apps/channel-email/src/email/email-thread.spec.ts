import { threadReply } from './email-thread';

const previous = {
  step: { enrollmentId: 'e', sequenceId: 's', stepId: 'step_1', attempt: 1 },
  tenantId: 't',
  messageId: '<e.step_1.1@acme.example>',
  subject: 'A role for you',
  sentAt: new Date(),
  recipient: 'zoe@example.com',
};

describe('threadReply', () => {
  it('answers the previous email: Re: its subject, its Message-ID in In-Reply-To and References', () => {
    expect(threadReply(previous, 'ignored')).toEqual({
      subject: 'Re: A role for you',
      inReplyTo: '<e.step_1.1@acme.example>',
      references: ['<e.step_1.1@acme.example>'],
    });
  });

  it('never stacks prefixes', () => {
    expect(threadReply({ ...previous, subject: 'Re: RE: A role' }, 'x').subject).toBe('Re: A role');
  });

  it('falls back to its own subject when the previous one was not recorded', () => {
    expect(threadReply({ ...previous, subject: null }, 'Checking in').subject).toBe('Re: Checking in');
  });
});
