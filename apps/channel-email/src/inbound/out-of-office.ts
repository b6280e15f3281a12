import type { InboundMail } from './inbound-mail';
import { newText } from './new-text';
import { findReturnDate } from './return-date';

/**
 * Out-of-office wording in English, German, French, Spanish, Italian, Portuguese, Dutch, Polish,
 * Swedish, Danish/Norwegian, Czech, Russian, Japanese and Chinese. These alone mark an absence
 * notice (a person rarely opens an answer with them); weaker words ("on vacation") count only
 * on a mail that already carries an automatic-reply sign.
 */
const ABSENCE: readonly RegExp[] = [
  /out of (?:the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|away from (?:the office|my desk|the desk)|(?:i am|i'm|i will be) (?:currently )?(?:away|out|on (?:annual |parental |sick |maternity |paternity )?leave|on vacation|on holiday|travel+ing)|limited (?:access to|availability)|back in the office/i,
  /abwesenheit|automatische antwort|nicht im büro|außer haus|ausser haus|im urlaub|bin (?:ab|bis|vom|zurzeit|derzeit|momentan)[^.]{0,40}(?:abwesend|nicht erreichbar|im urlaub|außer haus)|abwesend|nicht erreichbar|wieder im büro/i,
  /absent(?:e)? du bureau|hors du bureau|réponse automatique|reponse automatique|en congés?|en conge|en vacances|je suis absent|je serai absent|de retour le/i,
  /fuera de la oficina|respuesta automática|respuesta automatica|de vacaciones|estoy ausente|estaré ausente|ausente de la oficina|fuera de oficina/i,
  /fuori (?:sede|ufficio)|risposta automatica|sono assente|sarò assente|in ferie|in vacanza|rientrerò|fuori dall'ufficio/i,
  /fora do escritório|resposta automática|resposta automatica|estou ausente|estarei ausente|de férias|em férias|ausente do escritório/i,
  /afwezig|automatisch antwoord|niet op kantoor|op vakantie|met vakantie|buiten kantoor|ben (?:vanaf|tot)[^.]{0,40}(?:afwezig|niet aanwezig)/i,
  /poza biurem|odpowiedź automatyczna|odpowiedz automatyczna|automatyczna odpowiedź|jestem nieobecn|będę nieobecn|nieobecność|na urlopie|urlop/i,
  /frånvaro|autosvar|inte på kontoret|på semester|är ledig|fravær|fraværende|ikke på kontoret|på ferie|mimo kancelář|nepřítomnost|jsem mimo|на больничном|в отпуске|вне офиса|автоответ|автоматический ответ|не в офисе/i,
  /不在|自動返信|自動応答|休暇|出張|外出中|お休み|不在にして/,
  /自动回复|外出|休假|不在办公室|出差|自動回覆|休假中/,
];
const WEAK =
  /vacation|holiday|leave|away|absent|abwesend|congé|vacaciones|ferie|férias|vakantie|urlop|semester|отпуск/i;
const SUBJECT_ABSENCE =
  /^(?:auto:|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office|ooo\b|abwesend|abwesenheitsnotiz|automatische antwort|réponse automatique|absence|respuesta automática|fuera de la oficina|risposta automatica|resposta automática|automatisch antwoord|afwezig|odpowiedź automatyczna|autosvar|自動返信|自动回复|不在)|is out of (?:the )?office|out of office\b/i;

export interface OutOfOffice {
  /** The first day the sequence may resume (YYYY-MM-DD) when the reply names one. */
  until?: string;
}

/**
 * An out-of-office notice, with the day its author is back; null for anything else. Read from the
 * subject and the new text only, never the quoted email (which may name our own dates).
 */
export function detectOutOfOffice(mail: InboundMail, automatic: boolean): OutOfOffice | null {
  const written = newText(mail.text).slice(0, 4000);
  const subject = mail.subject.replace(/^\s*(?:re|aw|sv|fw|fwd)\s*:\s*/i, '');
  const strong = SUBJECT_ABSENCE.test(subject) || ABSENCE.some((p) => p.test(subject) || p.test(written));
  const weak = automatic && (WEAK.test(subject) || WEAK.test(written));
  if (!strong && !weak) return null;
  // A long message with an absence phrase somewhere is a person writing; an absence notice is short.
  if (!automatic && !SUBJECT_ABSENCE.test(subject) && written.length > 600) return null;
  const until = findReturnDate(written, mail.receivedAt);
  return until ? { until } : {};
}
