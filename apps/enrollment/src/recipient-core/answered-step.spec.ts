import { sequenceNodeSchema } from './sequence-definition';
import { SequenceNavigator } from './sequence-navigator';
import { answeredStep } from './answered-step';

const navigator = new SequenceNavigator(
  [
    { kind: 'step', id: 'intro-email', type: 'automated_email', name: 'Intro', subject: 'Hi' },
    { kind: 'step', id: 'text', type: 'sms', name: 'Text' },
    { kind: 'step', id: 'follow-up', type: 'automated_email', name: 'Follow up', subject: 'Re: Hi' },
    { kind: 'step', id: 'call', type: 'task', name: 'Call' },
  ].map((n) => sequenceNodeSchema.parse(n)),
);

describe('answeredStep', () => {
  it('is the last step sent on the reply channel, whatever order the facts are stored in', () => {
    const facts = { 'follow-up': { sent: true }, text: { sent: true }, 'intro-email': { sent: true } };
    expect(answeredStep(facts, 'email', navigator)).toBe('follow-up');
    expect(answeredStep(facts, 'sms', navigator)).toBe('text');
  });

  it('ignores steps that were only opened or not sent yet', () => {
    expect(answeredStep({ 'intro-email': { sent: true }, 'follow-up': { opened: true } }, 'email', navigator)).toBe(
      'intro-email',
    );
  });

  it('falls back to the last step sent on any channel when none was sent on the reply channel', () => {
    expect(answeredStep({ 'intro-email': { sent: true }, text: { sent: true } }, 'social', navigator)).toBe('text');
  });

  it('is null before anything was sent', () => {
    expect(answeredStep({ call: { opened: false } }, 'email', navigator)).toBeNull();
  });

  it('is the current step when it sends on the reply channel and its sent outcome is not read yet', () => {
    expect(answeredStep({}, 'email', navigator, 'intro-email')).toBe('intro-email');
    expect(answeredStep({}, 'email', navigator, 'text')).toBeNull();
    expect(answeredStep({}, 'email', navigator, 'call')).toBeNull();
    expect(answeredStep({ 'intro-email': { sent: true } }, 'email', navigator, 'follow-up')).toBe('intro-email');
  });
});
