import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyInbound } from './classify-inbound';
import { readInboundMail } from './inbound-mail';

const MESSAGE_ID = '<enr-1.step-1.1@acme.example>';
const RETURN_TOKEN = 'abcdefghijklmnopqrstuvwxyz';
const RECEIVED = new Date('2026-11-25T10:00:00Z');

/** A fixture of test/fixtures/inbound as it arrives for MESSAGE_ID, delivered to `to`. */
async function classify(fixture: string, to = 'rita@acme.example') {
  const raw = readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'inbound', fixture), 'utf8')
    .replaceAll('{{MESSAGE_ID}}', MESSAGE_ID)
    .replaceAll('{{RETURN_TOKEN}}', RETURN_TOKEN)
    .replaceAll('{{NEXT_YEAR}}', '2027');
  return classifyInbound(await readInboundMail(Buffer.from(raw), [to], RECEIVED));
}

describe('classifyInbound', () => {
  it('reads an RFC 3464 report with Status 5.1.1 as a hard bounce of the message it quotes', async () => {
    expect(await classify('dsn-postfix-hard.eml')).toMatchObject({
      outcome: 'bounced',
      bounce: 'hard',
      messageIds: [MESSAGE_ID],
    });
  });

  it('reads a delayed report (4.2.2) as a soft bounce, matched by the VERP return path', async () => {
    expect(await classify('dsn-gmail-delayed-soft.eml', `bounces+${RETURN_TOKEN}@acme.example`)).toMatchObject({
      outcome: 'bounced',
      bounce: 'soft',
      returnTokens: [RETURN_TOKEN],
    });
  });

  it('reads a plain-text qmail bounce as hard, finding the returned Message-ID', async () => {
    expect(await classify('bounce-qmail-plain.eml')).toMatchObject({
      outcome: 'bounced',
      bounce: 'hard',
      messageIds: [MESSAGE_ID],
    });
  });

  it.each([
    ['ooo-en-with-date.eml', '2027-12-03'],
    ['ooo-fr-with-date.eml', '2027-12-07'],
  ])('reads %s as out of office until %s', async (fixture, until) => {
    expect(await classify(fixture)).toMatchObject({
      outcome: 'out_of_office',
      outOfOfficeUntil: until,
      messageIds: expect.arrayContaining([MESSAGE_ID]),
    });
  });

  it.each(['ooo-de-without-date.eml', 'ooo-es-without-date.eml'])(
    'reads %s as out of office with no date',
    async (fixture) => {
      const verdict = await classify(fixture, `reply+${RETURN_TOKEN}@acme.example`);
      expect(verdict).toMatchObject({ outcome: 'out_of_office' });
      expect(verdict).not.toHaveProperty('outOfOfficeUntil');
    },
  );

  it.each(['reply-top-posted.eml', 'reply-bottom-posted.eml'])(
    'reads %s as a reply, whatever the quoted email says',
    async (fixture) => {
      expect(await classify(fixture)).toMatchObject({ outcome: 'replied', messageIds: [MESSAGE_ID] });
    },
  );
});
