import twilio from 'twilio';
import { ProviderError, statusError, transportError } from '@stepwise/channel-kit';

/**
 * Twilio error codes that mean the recipient's number cannot get this SMS: invalid (21211, 21214),
 * not a mobile (21614), unreachable by this route or region (21612, 21408), opted out (21610).
 * https://www.twilio.com/docs/api/errors
 */
const RECIPIENT_CODES = new Set([21211, 21214, 21408, 21610, 21612, 21614]);
/** The body itself was refused: missing (21602) or longer than 1600 characters (21617). */
const CONTENT_CODES = new Set([21602, 21617]);
/** The account's credentials or permissions were refused. */
const AUTH_CODES = new Set([20003, 20005]);

/**
 * Turns whatever the SDK threw into a ProviderError. A RestException means Twilio answered; an
 * axios error means the exchange broke, and only a connection that was never made is known to
 * have sent nothing.
 */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof twilio.RestException) return fromRestException(error);
  const code = (error as { code?: unknown }).code;
  return transportError(typeof code === 'string' ? code : undefined, error);
}

function fromRestException(error: twilio.RestException): ProviderError {
  const code = error.code ?? 0;
  const reference = `Twilio error ${code || error.status}`;
  const lookUp = error.moreInfo ? ` (${error.moreInfo})` : '';
  if (RECIPIENT_CODES.has(code)) {
    // Twilio's own text quotes the number; the outcome names the field instead.
    return ProviderError.rejected(
      {
        type: 'invalid_address',
        message: `Twilio cannot deliver an SMS to the recipient's phone number (delivery.to): ${reference}${lookUp}.`,
        suggestedFix:
          "Check the candidate's mobile number (E.164, e.g. +14155552671) and that they have not opted out, then retry.",
      },
      error,
    );
  }
  if (CONTENT_CODES.has(code)) {
    return ProviderError.rejected(
      {
        type: 'content',
        message: `Twilio refused the message text: ${reference}${lookUp}.`,
        suggestedFix: 'Make the SMS non-empty and at most 1600 characters once variables are filled in, then retry.',
      },
      error,
    );
  }
  if (AUTH_CODES.has(code) || error.status === 401 || error.status === 403) {
    return ProviderError.rejected(
      {
        type: 'auth',
        message: `Twilio refused the account credentials: ${reference}${lookUp}.`,
        suggestedFix: 'An administrator must check the Twilio account SID and auth token of the SMS service.',
      },
      error,
    );
  }
  if (error.status === 429 || error.status >= 500) return statusError(error.status, reference, error);
  // Any other refusal is about the account or the sender number (e.g. 21606: From cannot send SMS).
  return ProviderError.rejected(
    {
      type: 'provider_down',
      message: `Twilio refused the message: ${reference}: ${error.message}${lookUp}.`,
      suggestedFix: `Look up ${reference}; it usually needs a change to the Twilio account or the sender number, then retry.`,
    },
    error,
  );
}
