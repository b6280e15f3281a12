import { parseDeliveryStatus } from './delivery-status';
import { messageIdsIn, type InboundMail } from './inbound-mail';
import { detectOutOfOffice } from './out-of-office';

/** What an inbound message means for the attempt it answers, and how to find that attempt. */
export type InboundVerdict = {
  /** Return tokens from VERP recipients (bounces+<token>@…, reply+<token>@…), the surest match. */
  returnTokens: string[];
  /** Message-IDs that may be ours: In-Reply-To, References, and those quoted in a bounce. */
  messageIds: string[];
} & (
  | { outcome: 'bounced'; bounce: 'hard' | 'soft' }
  | { outcome: 'out_of_office'; outOfOfficeUntil?: string }
  | { outcome: 'replied' }
);

const VERP_RECIPIENT = /^(?:bounces|reply)\+([a-z2-7]{26})@/i;

/** A bounce first (it may quote an auto-reply), then an out-of-office reply, otherwise a person's reply. */
export function classifyInbound(mail: InboundMail): InboundVerdict {
  const returnTokens = mail.recipients.flatMap((r) => VERP_RECIPIENT.exec(r)?.[1].toLowerCase() ?? []);
  const threadIds = distinct([
    ...messageIdsIn(mail.headers.get('in-reply-to')),
    ...messageIdsIn(mail.headers.get('references')),
  ]);
  const failure = parseDeliveryStatus(mail);
  if (failure) {
    return {
      returnTokens,
      messageIds: distinct([...failure.originalMessageIds, ...threadIds]),
      outcome: 'bounced',
      bounce: failure.bounce,
    };
  }
  const outOfOffice = detectOutOfOffice(mail);
  if (outOfOffice) {
    return {
      returnTokens,
      messageIds: threadIds,
      outcome: 'out_of_office',
      ...(outOfOffice.until ? { outOfOfficeUntil: outOfOffice.until } : {}),
    };
  }
  return { returnTokens, messageIds: threadIds, outcome: 'replied' };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
