import { createTransport } from 'nodemailer';
import { startSmtpSink, type SmtpSink } from '../src';

/** The sink as the demo runs it: real SMTP in, real HTTP out. */
describe('smtp sink with bodies kept', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, keepBodies: true });
  });
  afterAll(() => sink.close());

  it('shows the text and HTML a recipient receives, in the list and by Message-ID', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'rita@acme.example',
      to: 'zoe@example.com',
      subject: 'A role for you',
      messageId: '<demo-1@acme.example>',
      text: 'Hello Zoe',
      html: '<p>Hello <b>Zoe</b></p>',
    });
    transport.close();
    const list = (await (await fetch(`http://127.0.0.1:${sink.httpPort}/messages`)).json()) as {
      messages: { messageId: string; text?: string; html?: string }[];
    };
    expect(list.messages).toEqual([
      expect.objectContaining({
        messageId: '<demo-1@acme.example>',
        text: 'Hello Zoe',
        html: '<p>Hello <b>Zoe</b></p>',
      }),
    ]);
    const one = await fetch(
      `http://127.0.0.1:${sink.httpPort}/messages/${encodeURIComponent('<demo-1@acme.example>')}`,
    );
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ subject: 'A role for you', text: 'Hello Zoe' });
    expect((await fetch(`http://127.0.0.1:${sink.httpPort}/messages/unknown@x`)).status).toBe(404);
  });
});
