import type { NodemailerError } from 'nodemailer/lib/errors';
import type { OutcomeError } from '../outcome-messages';

/**
 * How a failed send is reported, and whether trying again is safe. Retrying is safe only when the
 * server cannot have taken the message: it never connected, or it answered with a refusal. When a
 * connection broke while the message was being handed over, it may have been delivered, and
 * sending it again could put a second email in a candidate's inbox, so it is never retried.
 */
export interface SendFailure extends OutcomeError {
  retryable: boolean;
  /** The server refused the identity's login (EAUTH, 530/534/535/538): the identity lost its auth. */
  loginRefused?: true;
}

/** Raised by the breaker itself rather than by the SMTP call it guards. */
export interface BreakerRejection {
  breaker: 'open' | 'timeout' | 'shutdown';
}

const MAX_MESSAGE = 2000;

// Socket errors raised before a connection exists: nothing was sent.
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2']);
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

const FIX = {
  providerDown: 'The mail server did not accept connections; check that it is up and reachable, then retry the step.',
  auth: "Reconnect the sender identity's mailbox (its login was refused), then retry the step.",
  senderRefused:
    'Check that the sender identity is allowed to send as its address on its mail server, then retry the step.',
  invalidAddress: "Correct the recipient's email address, then retry the step.",
  content:
    'The mail server refused the message itself; review the template (wording, links, size), then retry the step.',
} as const;

export function unknownDeliveryState(messageId: string, cause: string): OutcomeError {
  return {
    type: 'unknown_delivery_state',
    message: truncate(`${cause} The email may or may not have been sent.`),
    suggestedFix: `Look for Message-ID ${messageId} in the sender's Sent folder or ask the recipient; retry the step only if it was not sent.`,
  };
}

export function classifyBreakerRejection(rejection: BreakerRejection, messageId: string): SendFailure {
  if (rejection.breaker === 'timeout') {
    return { ...unknownDeliveryState(messageId, 'The mail server did not finish the send in time.'), retryable: false };
  }
  const message =
    rejection.breaker === 'open'
      ? "The sender identity's mail server failed repeatedly; sends to it are paused for a moment."
      : 'The service was shutting down before the email was handed to the mail server.';
  return { type: 'provider_down', message, suggestedFix: FIX.providerDown, retryable: false };
}

/** Maps a nodemailer error onto the contract's error types (see SendFailure for `retryable`). */
export function classifySmtpError(error: NodemailerError, messageId: string): SendFailure {
  const reply = error.response ? ` (${error.response})` : '';
  // Only a 4xx or 5xx reply is a refusal; anything else attached to an error is an unexpected turn.
  if (error.responseCode !== undefined && error.responseCode >= 400)
    return classifyReply(error, error.responseCode, reply);
  if (AUTH_CODES.has(error.code ?? '')) {
    return loginRefused(
      failure('auth', `The mail server refused the sender identity's login${reply}.`, FIX.auth, false),
    );
  }
  if (neverConnected(error)) {
    return failure('provider_down', `Could not reach the mail server: ${error.message}.`, FIX.providerDown, true);
  }
  if (error.code === 'EENVELOPE') {
    return failure(
      'invalid_address',
      `The recipient address was refused: ${error.message}.`,
      FIX.invalidAddress,
      false,
    );
  }
  if (error.code === 'EMESSAGE') {
    return failure('content', `The message could not be sent: ${error.message}.`, FIX.content, false);
  }
  return {
    ...unknownDeliveryState(messageId, `The connection to the mail server broke during the send: ${error.message}.`),
    retryable: false,
  };
}

function classifyReply(error: NodemailerError, code: number, reply: string): SendFailure {
  if (AUTH_REPLIES.has(code)) {
    return loginRefused(
      failure('auth', `The mail server requires a valid login for the sender identity${reply}.`, FIX.auth, false),
    );
  }
  // 4xx (and 503, a session out of step) is an explicit "not now": the server kept nothing.
  if (code < 500 || code === 503) {
    return failure('provider_down', `The mail server deferred the email${reply}.`, FIX.providerDown, true);
  }
  switch (error.command) {
    case 'RCPT TO':
      return failure('invalid_address', `The mail server refused the recipient${reply}.`, FIX.invalidAddress, false);
    case 'MAIL FROM':
      return failure('auth', `The mail server refused the sender address${reply}.`, FIX.senderRefused, false);
    case 'DATA':
      return failure('content', `The mail server refused the message${reply}.`, FIX.content, false);
    default:
      // Refused at connection or greeting (554 "no service here"), or at a step not listed above.
      return failure('provider_down', `The mail server refused the email${reply}.`, FIX.providerDown, false);
  }
}

function neverConnected(error: NodemailerError): boolean {
  if (error.code === 'EDNS' || error.code === 'EPROXY') return true;
  if (error.code === 'ETIMEDOUT') return SETUP_TIMEOUTS.has(error.timeoutType ?? '');
  return NOT_CONNECTED.has(error.originalCode ?? error.code ?? '');
}

function failure(type: SendFailure['type'], message: string, suggestedFix: string, retryable: boolean): SendFailure {
  return { type, message: truncate(message), suggestedFix, retryable };
}

function loginRefused(sendFailure: SendFailure): SendFailure {
  return { ...sendFailure, loginRefused: true };
}

function truncate(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}
