import type { ErrorType, OutcomeKind, StepOutcome } from '@stepwise/contracts';
import type { RecordedEmail } from '../email/email-send.repository';
import type { EmailOutcomeDetails } from '../email/outcome-messages';
import { SUGGESTED_FIX, type BounceReason } from './bounce-reason';
import type { InboundVerdict } from './classify-inbound';

export interface InboundOutcome {
  kind: OutcomeKind;
  details: EmailOutcomeDetails;
}

type InboundFacts = NonNullable<StepOutcome['payload']['inbound']>;

/** Who can act on a bounce: the candidate's address, the message, or the sending side. */
const ERROR_TYPE: Partial<Record<BounceReason, ErrorType>> = {
  userunknown: 'invalid_address',
  hostunknown: 'invalid_address',
  hasmoved: 'invalid_address',
  notaccept: 'invalid_address',
  mailboxfull: 'invalid_address',
  suspend: 'invalid_address',
  mesgtoobig: 'content',
  spamdetected: 'content',
  contenterror: 'content',
  policyviolation: 'content',
  filtered: 'content',
};

/**
 * The outcomes one classified mail gives the attempt it answers, one per provider fact. A bounce
 * or complaint that names an address other than the one this attempt went to gives none (a
 * report about a colleague the candidate forwarded to, or another recipient of the same relay).
 */
export function inboundOutcomes(verdict: InboundVerdict, email: RecordedEmail): InboundOutcome[] {
  const base: InboundFacts = { class: verdict.class, ...(verdict.reason ? { reason: verdict.reason } : {}) };
  switch (verdict.class) {
    case 'bounce': {
      const failed = verdict.failedRecipients ?? [];
      const named = failed.filter((f) => f.address);
      const ours = email.recipient ? named.find((f) => f.address === email.recipient) : undefined;
      if (email.recipient && named.length > 0 && !ours && named.length === failed.length) return [];
      const failure = ours ?? failed.find((f) => f.bounce === 'hard') ?? failed[0];
      const reason = failure.reason;
      const inbound: InboundFacts = {
        ...base,
        reason,
        ...(failure.status ? { status: failure.status } : {}),
        ...(failure.diagnostic ? { diagnostic: failure.diagnostic } : {}),
        ...(failure.address ? { address: failure.address } : {}),
      };
      const words = [failure.status, failure.diagnostic].filter(Boolean).join(' ');
      return [
        {
          kind: 'bounced',
          details: {
            bounce: failure.bounce,
            inbound,
            error: {
              type: ERROR_TYPE[reason] ?? 'provider_down',
              message: `the receiving server refused the email (${reason})${words ? `: ${words}` : ''}`,
              suggestedFix: SUGGESTED_FIX[reason],
            },
          },
        },
      ];
    }
    case 'complaint': {
      const complaints = verdict.complaints ?? [];
      const ours = complaints.filter((c) => !c.address || !email.recipient || c.address === email.recipient);
      return ours.slice(0, 1).map((c) => ({
        kind: 'complaint' as const,
        details: { inbound: { ...base, ...(c.address ? { address: c.address } : {}) } },
      }));
    }
    case 'unsubscribe':
      return [{ kind: 'unsubscribed', details: { inbound: base } }];
    case 'out_of_office':
      return [
        {
          kind: 'out_of_office',
          details: {
            inbound: base,
            ...(verdict.outOfOfficeUntil ? { outOfOfficeUntil: verdict.outOfOfficeUntil } : {}),
          },
        },
      ];
    case 'auto_reply':
    case 'delivery_notice':
      return [{ kind: 'auto_reply', details: { inbound: base } }];
    case 'reply':
      return [{ kind: 'replied', details: { inbound: base } }];
  }
}
