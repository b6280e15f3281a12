import type { InboundMail } from './inbound-mail';
import { detectOutOfOffice } from './out-of-office';

function mail(headers: Record<string, string>, subject: string, text: string): InboundMail {
  return {
    headers: new Map(Object.entries(headers)),
    subject,
    text,
    raw: '',
    recipients: [],
    receivedAt: new Date('2026-11-25T10:00:00Z'),
  };
}

describe('detectOutOfOffice', () => {
  it.each([
    [{ 'auto-submitted': 'auto-replied (vacation)' }],
    [{ 'x-autoreply': 'yes' }],
    [{ 'x-autorespond': 'yes' }],
    [{ precedence: 'auto_reply' }],
  ])('knows an auto-reply by its headers %p', (headers) => {
    expect(detectOutOfOffice(mail(headers, 'Re: A role', 'Thanks.'))).toEqual({});
  });

  it('does not take Auto-Submitted: no or a bulk precedence for an auto-reply', () => {
    expect(detectOutOfOffice(mail({ 'auto-submitted': 'no', precedence: 'bulk' }, 'Re: A role', 'Sure!'))).toBeNull();
  });

  it('reads the return date from the new text only, never from the quoted email', () => {
    expect(
      detectOutOfOffice(mail({}, 'Out of office', 'Back on 1 December.\n\n> Shall we talk on 20 December?')),
    ).toEqual({ until: '2026-12-01' });
  });
});
