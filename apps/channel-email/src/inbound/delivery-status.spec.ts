import { readDeliveryReport } from './delivery-status';
import type { InboundMail } from './inbound-mail';

function report(groups: string[], text = 'The mail system'): InboundMail {
  return {
    headers: new Map([['content-type', 'multipart/report; report-type=delivery-status; boundary="b"']]),
    subject: 'Delivery Status Notification',
    text,
    raw: '',
    parts: [
      {
        contentType: 'message/delivery-status',
        content: ['Reporting-MTA: dns; mx.example.org', ...groups].join('\n\n'),
      },
    ],
    recipients: [],
    receivedAt: new Date(),
  };
}

describe('readDeliveryReport', () => {
  it('reads every recipient of a report on its own', () => {
    const read = readDeliveryReport(
      report([
        'Final-Recipient: rfc822; zoe@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <zoe@example.org>: user unknown',
        'Final-Recipient: rfc822;MAX@example.org\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 mailbox\n full',
        'Final-Recipient: rfc822; ann@example.org\nAction: delayed\nStatus: 4.4.1',
      ]),
    );
    expect(read?.failed).toEqual([
      expect.objectContaining({ address: 'zoe@example.org', status: '5.1.1', reason: 'userunknown', bounce: 'hard' }),
      expect.objectContaining({ address: 'max@example.org', status: '5.2.2', reason: 'mailboxfull', bounce: 'soft' }),
    ]);
    expect(read?.notices).toEqual(['delayed']);
  });

  it('is not fooled by a success notification (Action: delivered, Status 2.0.0)', () => {
    expect(
      readDeliveryReport(report(['Final-Recipient: rfc822; zoe@example.org\nAction: delivered\nStatus: 2.0.0']))
        ?.failed,
    ).toEqual([]);
  });

  it('reads the reason from the human part when the report gives no diagnostic and a general code', () => {
    const read = readDeliveryReport(
      report(
        ['Final-Recipient: rfc822; zoe@example.org\nAction: failed\nStatus: 5.0.0'],
        'zoe@example.org: account is over quota',
      ),
    );
    expect(read?.failed[0]).toMatchObject({ reason: 'mailboxfull', bounce: 'soft' });
  });

  it('trusts a specific code over boilerplate in the human part (a virus-scan disclaimer)', () => {
    const read = readDeliveryReport(
      report(
        ['Final-Recipient: rfc822; zoe@example.org\nAction: failed\nStatus: 5.1.1'],
        'This email has been scanned for all viruses',
      ),
    );
    expect(read?.failed[0]).toMatchObject({ reason: 'userunknown', bounce: 'hard' });
  });
});
