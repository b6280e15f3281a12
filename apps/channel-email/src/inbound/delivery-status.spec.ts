import { parseDeliveryStatus } from './delivery-status';
import type { InboundMail } from './inbound-mail';

function mail(headers: Record<string, string>, body: string, subject = ''): InboundMail {
  const headerBlock = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  return {
    headers: new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    subject,
    text: body,
    raw: `${headerBlock}\r\n\r\n${body}`,
    recipients: [],
    receivedAt: new Date(),
  };
}

const REPORT = { 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' };

describe('parseDeliveryStatus', () => {
  it('is not fooled by a success notification (Action: delivered, Status 2.0.0)', () => {
    expect(parseDeliveryStatus(mail(REPORT, 'Action: delivered\nStatus: 2.0.0'))).toBeNull();
  });

  it('reads a bare SMTP reply code when a mailer gives no enhanced code', () => {
    expect(
      parseDeliveryStatus(mail({ From: 'postmaster@example.org' }, 'host said: 452 mailbox full', 'Delivery failure')),
    ).toMatchObject({ bounce: 'soft' });
    expect(
      parseDeliveryStatus(mail({ From: 'postmaster@example.org' }, 'host said: 550 no such user', 'Delivery failure')),
    ).toMatchObject({ bounce: 'hard' });
  });

  it('reads "will retry" wording without any code as a soft bounce', () => {
    expect(
      parseDeliveryStatus(
        mail(
          { From: 'MAILER-DAEMON@example.org' },
          'Delivery is delayed; the server will retry.',
          'Warning: message delayed',
        ),
      ),
    ).toMatchObject({ bounce: 'soft' });
  });

  it('leaves a person\u2019s email alone', () => {
    expect(
      parseDeliveryStatus(mail({ From: 'zoe@example.com' }, 'Status: 5.1.1 is my favourite code', 'Hi')),
    ).toBeNull();
  });
});
