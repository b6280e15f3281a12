import type { InboundMail } from './inbound-mail';
import { newText } from './new-text';

/**
 * "Unsubscribe", "remove me", "stop" and their equivalents, as a subject or as the whole of a
 * short answer: the mail a list-unsubscribe mailto produces, or a candidate asking to be left
 * alone. A longer answer that merely mentions the word is a reply a recruiter should read.
 */
const REQUEST =
  /^\W*(?:(?:please|pls|bitte|por favor|s'il vous pla[iî]t|per favore|proszę|alstublieft|graag)[,\s]+)?(?:unsubscribe|un-subscribe|remove me|please remove me|take me off|opt[- ]?out|stop(?: (?:emailing|contacting|sending)(?: me)?)?(?=\W*$)|no more emails?|do not (?:contact|email) me|don'?t (?:contact|email) me|désabonn\w*|se désinscrire|désinscri\w*|abmelden|austragen|abbestellen|darse de baja|dar de baja|baja(?=\W*$)|cancelar (?:la )?suscripci\w+|annulla(?:re)? (?:l'?)?iscrizione|disiscri\w+|cancelar (?:a )?(?:inscrição|assinatura)|descadastr\w+|uitschrijven|afmelden|wypisz(?: mnie)?|rezygnuj\w*|配信停止|登録解除|退订|取消订阅)\b/i;
const SHORT_ANSWER = 300;

export function isUnsubscribeRequest(mail: InboundMail): boolean {
  const subject = mail.subject.replace(/^\s*(?:re|aw|sv|fw|fwd|tr|wg)\s*:\s*/i, '').trim();
  if (REQUEST.test(subject) && subject.length <= 60) return true;
  const written = newText(mail.text).trim();
  return written.length > 0 && written.length <= SHORT_ANSWER && REQUEST.test(written);
}
