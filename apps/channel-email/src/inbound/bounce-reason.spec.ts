import { bounceReasonOf, isHard } from './bounce-reason';
import { failure } from './delivery-status';

describe('bounce reasons and hard/soft', () => {
  it.each([
    ['5.1.1', '550 5.1.1 user unknown', 'userunknown', 'hard'],
    ['5.1.2', '550 5.1.2 host unknown', 'hostunknown', 'hard'],
    ['5.2.2', '552 5.2.2 mailbox full', 'mailboxfull', 'soft'],
    ['5.7.1', '550 5.7.1 Message rejected as spam by Content Filtering', 'spamdetected', 'soft'],
    [
      '5.7.1',
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
      'blocked',
      'soft',
    ],
    ['5.7.26', "550 5.7.26 Unauthenticated email is not accepted due to domain's DMARC policy", 'authfailure', 'soft'],
    ['5.7.509', '550 5.7.509 Access denied, sending domain does not pass DMARC verification', 'authfailure', 'soft'],
    ['4.7.0', '421 4.7.0 Try again later, closing connection: rate limit exceeded', 'ratelimited', 'soft'],
    ['5.1.1', '550 5.1.1 RCPT TO:<x@example.org> max message size exceeded', 'mesgtoobig', 'soft'],
    ['4.1.1', '450 4.1.1 user unknown, try again', 'userunknown', 'soft'],
  ])('%s "%s" is %s, %s', (status, diagnostic, reason, bounce) => {
    expect(failure('x@example.org', status, diagnostic)).toMatchObject({ reason, bounce });
  });

  it('does not make a bounce without a status code hard by default', () => {
    expect(failure(undefined, undefined, 'mailbox full, retry timeout exceeded')).toMatchObject({ bounce: 'soft' });
    expect(failure(undefined, undefined, 'This is a permanent error; I have given up.')).toMatchObject({
      reason: 'undefined',
      bounce: 'soft',
    });
  });

  it('calls only gone addresses hard', () => {
    expect(['userunknown', 'hostunknown', 'hasmoved', 'notaccept'].every((r) => isHard(r as never))).toBe(true);
    expect(bounceReasonOf('5.0.0', 'quota exceeded')).toBe('mailboxfull');
  });
});
