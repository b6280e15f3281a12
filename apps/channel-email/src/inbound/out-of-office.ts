import type { InboundMail } from './inbound-mail';
import { newText } from './new-text';
import { findReturnDate } from './return-date';

// Phrases of out-of-office replies in English, German, French and Spanish.
const PHRASES: readonly RegExp[] = [
  /out of (?:the )?office|automatic reply|auto[- ]?reply|autoreply|on (?:annual |parental |sick )?leave|on vacation|on holiday|away from (?:the office|my desk)|i am (?:currently )?away|i'm (?:currently )?away/i,
  /abwesenheitsnotiz|automatische antwort|nicht im büro|außer haus|ausser haus|im urlaub|abwesend|nicht erreichbar/i,
  /absent(?:e)? du bureau|hors du bureau|réponse automatique|reponse automatique|en congé|en conge|en vacances|je suis absent/i,
  /fuera de la oficina|respuesta automática|respuesta automatica|de vacaciones|estoy ausente|ausente de la oficina/i,
];

/** Headers mail servers put on automatic replies (RFC 3834 and the common non-standard ones). */
function hasAutoReplyHeader(headers: Map<string, string>): boolean {
  const autoSubmitted = headers.get('auto-submitted')?.toLowerCase() ?? '';
  if (autoSubmitted.startsWith('auto-replied')) return true;
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return true;
  return /^auto[_-]reply$/i.test(headers.get('precedence')?.trim() ?? '');
}

export interface OutOfOffice {
  /** The return date when the reply names one (YYYY-MM-DD). */
  until?: string;
}

/** An out-of-office auto-reply, with its return date; null for anything a person wrote. */
export function detectOutOfOffice(mail: InboundMail): OutOfOffice | null {
  const written = newText(mail.text);
  const byPhrase = PHRASES.some((phrase) => phrase.test(mail.subject) || phrase.test(written));
  if (!byPhrase && !hasAutoReplyHeader(mail.headers)) return null;
  const until = findReturnDate(written, mail.receivedAt);
  return until ? { until } : {};
}
