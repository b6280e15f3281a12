// Where a mail client starts quoting the message being answered (attribution lines and separators
// of the common clients in English, German, French, Spanish, Italian, Portuguese, Dutch, Polish).
const QUOTE_HEADERS: readonly RegExp[] = [
  /^-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|mensagem original|oorspronkelijk bericht|wiadomość oryginalna|forwarded message)\s*-{2,}/i,
  /^(?:on|am|le|el|il|em|op|w dniu)\s.+(?:wrote|schrieb|a écrit|escribió|ha scritto|escreveu|schreef|napisał\(a\)|napisał|napisała)(?:\s.*)?:\s*$/i,
  /^(?:from|von|de|da|van|od)\s*:\s.+@/i,
];

/**
 * The text its author wrote, without the message it answers: quoted lines ("> …") go wherever
 * they are (above or below the answer), and so does everything after an attribution line
 * ("On … wrote:") or an "Original Message" separator that top-posting clients put under the answer.
 */
export function newText(text: string): string {
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (QUOTE_HEADERS.some((header) => header.test(line.trim()))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}
