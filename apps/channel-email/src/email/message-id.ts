import type { StepAttempt } from '@stepwise/contracts';

// RFC 5322 "atext": what a Message-ID's left part may hold without quoting. The dot separates
// the three ids, so it is escaped inside them too; any other character becomes %XX.
const NOT_ATEXT_OR_DOT = /[^A-Za-z0-9!#$&'*+/=?^_`{|}~-]/g;

/**
 * `<enrollmentId.stepId.attempt@sender-domain>`: chosen by us, not by the SMTP library, so it is
 * known before the send (stored with the claim) and the same attempt always gets the same id.
 * A reply's In-Reply-To can then be traced back to its step without a lookup table.
 */
export function messageIdFor(step: StepAttempt, senderAddress: string): string {
  const local = [step.enrollmentId, step.stepId, String(step.attempt)].map(escapePart).join('.');
  return `<${local}@${domainOf(senderAddress)}>`;
}

function escapePart(part: string): string {
  return part.replace(NOT_ATEXT_OR_DOT, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** The domain of an address, lower-cased; the part after the last @ (a local part may be quoted and hold @). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(at + 1) : address).trim().toLowerCase();
}
