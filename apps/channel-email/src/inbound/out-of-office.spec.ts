import type { InboundMail } from './inbound-mail';
import { detectOutOfOffice } from './out-of-office';

function mail(subject: string, text: string): InboundMail {
  return {
    headers: new Map(),
    subject,
    text,
    raw: '',
    parts: [],
    recipients: [],
    receivedAt: new Date('2026-11-25T10:00:00Z'),
  };
}

describe('detectOutOfOffice', () => {
  it.each([
    ['Automatic reply: A role', 'I am out of the office.'],
    ['Abwesenheitsnotiz', 'Ich bin nicht im Büro.'],
    ['Réponse automatique', 'Je suis absent.'],
    ['Respuesta automática', 'Estoy fuera de la oficina.'],
    ['Risposta automatica', 'Sono fuori ufficio.'],
    ['Resposta automática', 'Estou de férias.'],
    ['Automatisch antwoord', 'Ik ben afwezig.'],
    ['Odpowiedź automatyczna', 'Jestem na urlopie.'],
    ['Autosvar', 'Jag är på semester.'],
    ['Автоответ', 'Я в отпуске.'],
    ['自動返信', '不在にしております。'],
    ['自动回复', '我正在休假。'],
  ])('knows an absence notice: %s', (subject, text) => {
    expect(detectOutOfOffice(mail(subject, text), true)).not.toBeNull();
  });

  it('takes weak words ("vacation") as an absence only on a mail with an automatic-reply sign', () => {
    expect(
      detectOutOfOffice(mail('Re: A role', 'Thanks, I was on vacation, sorry for the delay. Yes, let us talk.'), false),
    ).toBeNull();
  });

  it('reads the return date from the new text only, never from the quoted email', () => {
    expect(
      detectOutOfOffice(mail('Out of office', 'Back on 1 December.\n\n> Shall we talk on 20 December?'), true),
    ).toEqual({ until: '2026-12-01' });
  });
});
