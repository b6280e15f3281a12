/**
 * Twilio's default opt-out keywords, and the ones carriers and regulators expect beyond English:
 * ARRET is required for French-speaking Canada (CRTC, bilingual opt-out), and Spanish, Portuguese
 * and German speakers are a large share of US and EU candidate pools (ALTO, PARAR, BAJA; PARE;
 * STOPP). OPTOUT and REVOKE are plain revocations of consent too.
 */
const OPT_OUT_KEYWORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
  'ARRET',
  'ALTO',
  'PARAR',
  'BAJA',
  'PARE',
  'STOPP',
]);

/**
 * Like Twilio, the whole message must be the keyword (any case, surrounding blanks and trailing
 * punctuation ignored, accents folded: "Arrêt." counts): "don't stop now" is a reply, not an opt-out.
 */
export function isOptOut(body: string): boolean {
  const word = body
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .replace(/[.!?]+$/, '')
    .toUpperCase();
  return OPT_OUT_KEYWORDS.has(word);
}
