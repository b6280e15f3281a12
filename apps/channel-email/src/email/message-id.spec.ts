import { messageIdFor } from './message-id';

const step = { enrollmentId: 'enr-1', sequenceId: 'seq-1', stepId: 'step-2', attempt: 3 };

describe('messageIdFor', () => {
  it('joins enrollment, step and attempt at the sender domain', () => {
    expect(messageIdFor(step, 'Recruiter@Acme.Example')).toBe('<enr-1.step-2.3@acme.example>');
  });

  it('is the same for the same attempt, so a redelivery cannot mint a second message', () => {
    expect(messageIdFor(step, 'a@acme.example')).toBe(messageIdFor({ ...step }, 'a@acme.example'));
    expect(messageIdFor({ ...step, attempt: 4 }, 'a@acme.example')).not.toBe(messageIdFor(step, 'a@acme.example'));
  });

  it('escapes characters a Message-ID cannot hold, and dots, so ids cannot run into each other', () => {
    expect(messageIdFor({ ...step, enrollmentId: 'a.b', stepId: 'c d<é>' }, 'x@acme.example')).toBe(
      '<a%2Eb.c%20d%3C%C3%A9%3E.3@acme.example>',
    );
    expect(messageIdFor({ ...step, enrollmentId: 'a', stepId: 'b.c' }, 'x@y')).not.toBe(
      messageIdFor({ ...step, enrollmentId: 'a.b', stepId: 'c' }, 'x@y'),
    );
  });
});
