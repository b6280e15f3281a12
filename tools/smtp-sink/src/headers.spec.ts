import { Readable } from 'node:stream';
import { decodeEncodedWords, headerBlockOf, parseHeaderBlock, readAll, readHeaderBlock } from './headers';

describe('readHeaderBlock', () => {
  it('returns the headers and drains the body without keeping it', async () => {
    const raw = ['Subject: Hi\r\n', 'Message-ID: <1@x>\r\n\r\nbody ', 'x'.repeat(100_000)];
    expect(await readHeaderBlock(Readable.from(raw.map((chunk) => Buffer.from(chunk))))).toBe(
      'Subject: Hi\r\nMessage-ID: <1@x>',
    );
  });
});

describe('readAll and headerBlockOf', () => {
  it('keep the whole message and find its header block', async () => {
    const raw = await readAll(Readable.from([Buffer.from('Subject: Hi\r\n'), Buffer.from('\r\nbody\r\n\r\nmore')]));
    expect(raw).toBe('Subject: Hi\r\n\r\nbody\r\n\r\nmore');
    expect(headerBlockOf(raw)).toBe('Subject: Hi');
  });
});

describe('parseHeaderBlock', () => {
  it('lower-cases names, unfolds long lines and keeps every value of a repeated header', () => {
    expect(parseHeaderBlock('Subject: a long\r\n  subject\r\nReceived: one\r\nReceived: two')).toEqual({
      subject: 'a long subject',
      received: 'one\ntwo',
    });
  });
});

describe('decodeEncodedWords', () => {
  it('decodes Q and B encoded words, joining adjacent ones', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Zo=C3=AB_?= =?UTF-8?B?8J+Riw==?=')).toBe('Zoë 👋');
  });

  it('leaves a word in an unknown charset as it was sent', () => {
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('=?x-unknown?Q?abc?=');
  });
});
