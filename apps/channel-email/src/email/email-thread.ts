import type { RecordedEmail } from './email-send.repository';

/** How a same-thread follow-up answers the enrollment's previous email. */
export interface ThreadReply {
  subject: string;
  inReplyTo: string;
  references: string[];
}

const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw)\s*:\s*/i;

/**
 * "Re: <previous subject>" (one "Re:", however many the previous one carried) and the previous
 * Message-ID in In-Reply-To and References, so mail clients show both emails as one conversation.
 * A previous email sent before subjects were recorded keeps the step's own subject.
 */
export function threadReply(previous: RecordedEmail, ownSubject: string): ThreadReply {
  let subject = previous.subject ?? ownSubject;
  while (REPLY_PREFIX.test(subject)) subject = subject.replace(REPLY_PREFIX, '');
  return { subject: `Re: ${subject}`, inReplyTo: previous.messageId, references: [previous.messageId] };
}
