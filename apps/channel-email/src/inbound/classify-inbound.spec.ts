import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyInbound } from './classify-inbound';
import { readInboundMail } from './inbound-mail';

const MESSAGE_ID = '<enr-1.step-1.1@acme.example>';
const RETURN_TOKEN = 'abcdefghijklmnopqrstuvwxyz';
const RECEIVED = new Date('2026-11-25T10:00:00Z');

/** A fixture of test/fixtures/inbound as it arrives for MESSAGE_ID, delivered to `to`. */
async function classify(fixture: string, to = 'rita@acme.example', returnPath?: string) {
  const raw = readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'inbound', fixture), 'utf8')
    .replaceAll('{{MESSAGE_ID}}', MESSAGE_ID)
    .replaceAll('{{RETURN_TOKEN}}', RETURN_TOKEN)
    .replaceAll('{{NEXT_YEAR}}', '2027');
  return classifyInbound(
    await readInboundMail(Buffer.from(raw), { recipients: [to], returnPath, receivedAt: RECEIVED }),
  );
}

describe('classifyInbound', () => {
  it('reads an RFC 3464 report with Status 5.1.1 as a hard bounce (userunknown) of the message it quotes', async () => {
    expect(await classify('dsn-postfix-hard.eml')).toMatchObject({
      class: 'bounce',
      reason: 'userunknown',
      bounce: 'hard',
      messageIds: [MESSAGE_ID],
    });
  });

  it('reads Action: delayed as a delivery notice, not a bounce, matched by the VERP return path', async () => {
    const verdict = await classify('dsn-gmail-delayed-soft.eml', `bounces+${RETURN_TOKEN}@acme.example`);
    expect(verdict).toMatchObject({ class: 'delivery_notice', reason: 'delayed', returnTokens: [RETURN_TOKEN] });
    expect(verdict).not.toHaveProperty('bounce');
  });

  it('reads a plain-text qmail bounce as hard, finding the returned Message-ID', async () => {
    expect(await classify('bounce-qmail-plain.eml')).toMatchObject({
      class: 'bounce',
      bounce: 'hard',
      messageIds: [MESSAGE_ID],
    });
  });

  it.each([
    ['ooo-en-with-date.eml', '2027-12-03'],
    ['ooo-fr-with-date.eml', '2027-12-08'],
  ])('reads %s as out of office, resuming on %s', async (fixture, until) => {
    expect(await classify(fixture)).toMatchObject({
      class: 'out_of_office',
      outOfOfficeUntil: until,
      messageIds: expect.arrayContaining([MESSAGE_ID]),
    });
  });

  it.each(['ooo-de-without-date.eml', 'ooo-es-without-date.eml'])(
    'reads %s as out of office with no date',
    async (fixture) => {
      const verdict = await classify(fixture, `reply+${RETURN_TOKEN}@acme.example`);
      expect(verdict).toMatchObject({ class: 'out_of_office' });
      expect(verdict).not.toHaveProperty('outOfOfficeUntil');
    },
  );

  it.each(['reply-top-posted.eml', 'reply-bottom-posted.eml'])(
    'reads %s as a reply, whatever the quoted email says',
    async (fixture) => {
      expect(await classify(fixture)).toMatchObject({ class: 'reply', messageIds: [MESSAGE_ID] });
    },
  );

  it('takes a reply sent with the null return path (MAIL FROM:<>) for an auto-reply', async () => {
    expect(await classify('reply-top-posted.eml', 'rita@acme.example', '')).toMatchObject({
      class: 'auto_reply',
      reason: 'null_return_path',
    });
  });
});

describe('classifyInbound on what people write', () => {
  const person = (subject: string, text: string) =>
    readInboundMail(
      Buffer.from(
        `From: Zoe <zoe@example.com>\r\nTo: rita@acme.example\r\nSubject: ${subject}\r\nIn-Reply-To: ${MESSAGE_ID}\r\n\r\n${text}`,
      ),
      { recipients: ['rita@acme.example'], returnPath: 'zoe@example.com', receivedAt: RECEIVED },
    ).then(classifyInbound);

  it.each([
    [
      'Re: A role for you',
      'Your first email could not be delivered to my old address, glad this one arrived. Happy to talk!',
    ],
    ['Re: A role for you', 'Stop by our office on Friday and we can talk.'],
    [
      'Re: A role for you',
      'I was on holiday last week, sorry. Yes, I am interested in the role; can we talk on Monday?',
    ],
  ])('reads a person\u2019s "%s: %s" as a reply', async (subject, text) => {
    expect(await person(subject, text)).toMatchObject({ class: 'reply' });
  });

  it('reads a short "unsubscribe" answer as an unsubscribe request', async () => {
    expect(await person('Re: A role for you', 'Please unsubscribe me.')).toMatchObject({ class: 'unsubscribe' });
  });
});
