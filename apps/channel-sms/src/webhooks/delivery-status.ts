import type { StepFailure } from '@stepwise/channel-kit';

/** What a Twilio status callback means for the step: nothing yet, delivered, or failed with why. */
export type DeliveryVerdict = { outcome: 'delivered' } | { outcome: 'failed'; failure: StepFailure } | null;

/** The handset or number cannot take the SMS: unreachable (30003), blocked (30004), unknown (30005), landline (30006), opted out (21610). */
const RECIPIENT_CODES = new Set(['21610', '30003', '30004', '30005', '30006']);
/** The carrier filtered the text as spam (30007). */
const CONTENT_CODES = new Set(['30007']);
/** The account is suspended (30002). */
const AUTH_CODES = new Set(['30002']);

/**
 * queued, accepted, sending and sent are steps on the way (the 'sent' outcome was published when
 * Twilio took the message); delivered, undelivered and failed are final. Twilio's error code
 * decides whose fix it is.
 */
export function deliveryVerdict(status: string, errorCode: string | undefined): DeliveryVerdict {
  if (status === 'delivered') return { outcome: 'delivered' };
  if (status !== 'undelivered' && status !== 'failed') return null;
  return { outcome: 'failed', failure: deliveryFailure(status, errorCode) };
}

function deliveryFailure(status: string, errorCode: string | undefined): StepFailure {
  const reference = errorCode
    ? `Twilio error ${errorCode} (https://www.twilio.com/docs/errors/${errorCode})`
    : 'no error code';
  const what = `Twilio reported the SMS ${status}: ${reference}.`;
  if (errorCode && RECIPIENT_CODES.has(errorCode)) {
    return {
      type: 'invalid_address',
      message: `${what} The recipient's phone cannot receive it.`,
      suggestedFix:
        "Check the candidate's mobile number (a mobile, not a landline) and that they have not opted out, then retry.",
    };
  }
  if (errorCode && CONTENT_CODES.has(errorCode)) {
    return {
      type: 'content',
      message: `${what} The carrier filtered the text.`,
      suggestedFix: 'Reword the SMS (fewer links, no shortened URLs, name the sender), then retry.',
    };
  }
  if (errorCode && AUTH_CODES.has(errorCode)) {
    return {
      type: 'auth',
      message: `${what} The Twilio account is suspended.`,
      suggestedFix: 'An administrator must restore the Twilio account, then retry.',
    };
  }
  return {
    type: 'provider_down',
    message: `${what} Twilio or the carrier could not deliver it.`,
    suggestedFix: `Look up ${reference} in Twilio's Messaging Logs, then retry.`,
  };
}
